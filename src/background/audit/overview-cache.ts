/**
 * The overview of each report (src/core/overview.ts), made once per report: the push to open popups
 * and every popup opening share it. Reports are replaced, never changed in place, so a report's
 * overview stays right for as long as the report is kept.
 */
import { overviewOf, type AuditOverview } from "../../core/overview.ts";
import type { AuditReport } from "../../core/verdicts.ts";

const overviews = new WeakMap<AuditReport, AuditOverview>();

/** The report's overview, made on first use. */
export function overviewFor(report: AuditReport): AuditOverview {
  let overview = overviews.get(report);
  if (!overview) {
    overview = overviewOf(report);
    overviews.set(report, overview);
  }
  return overview;
}
