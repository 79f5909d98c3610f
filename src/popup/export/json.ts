/** The report exactly as the audit made it (format in docs/report.md), pretty-printed. */
import type { AuditReport } from "../../core/verdicts.ts";

export function reportToJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
