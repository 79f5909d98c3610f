/** Handlers of the audit, history, settings and badge messages, over the background's audit service. */
import { roomDetailOf } from "../../core/overview.ts";
import type { AuditReport } from "../../core/verdicts.ts";
import { fail, ok } from "../../protocol/result.ts";
import type { Handler } from "../context.ts";
import { overviewFor } from "./overview-cache.ts";
import type { RunningAudit } from "./running-audit.ts";

type AuditMessage =
  | "audit.report"
  | "audit.overview"
  | "audit.room"
  | "audit.run"
  | "audit.acknowledge"
  | "history.list"
  | "settings.get"
  | "settings.set"
  | "audit.storage"
  | "records.export"
  | "content.badges"
  | "content.sameAccount"
  | "content.composer"
  | "content.composerSeen";

/** `audit`: the running audit (running-audit.ts's `currentAudit` in the background). */
export function auditHandlers(audit: () => RunningAudit): { [T in AuditMessage]: Handler<T> } {
  return {
    "audit.report": async () => {
      const { service } = audit();
      const report = await service.report();
      notePopupShown(service, report);
      return ok(report);
    },
    "audit.overview": async () => {
      const { service } = audit();
      const report = await service.report();
      notePopupShown(service, report);
      return ok(report ? overviewFor(report) : null);
    },
    "audit.room": async ({ roomId }) => {
      const report = await audit().service.report();
      return ok(report ? roomDetailOf(report, roomId) : null);
    },
    "audit.run": async () => ok(audit().service.run()),
    "audit.acknowledge": async ({ findingIds }) => ok({ acknowledged: await audit().service.acknowledge(findingIds) }),
    "history.list": async (query) => ok(await audit().history.list(query)),
    "settings.get": async () => ok(await audit().settings.get()),
    "settings.set": async (change) => ok(await audit().settings.change(change)),
    "audit.storage": async () => ok(audit().service.storageProblem()),
    "records.export": async () => {
      const records = await audit().records.export();
      return records ? ok(records) : fail("not-signed-in", "Sign in to export your records.");
    },
    "content.badges": (request, context) => audit().badges.handler(request, context),
    "content.sameAccount": (request, context) => audit().badges.sameAccount(request, context),
    "content.composer": (request, context) => audit().composer["content.composer"](request, context),
    "content.composerSeen": (request, context) => audit().composer["content.composerSeen"](request, context),
  };
}

/** Reports whose open findings were noted as shown (reports are replaced, never changed in place). */
const shownReports = new WeakSet<AuditReport>();

/**
 * The popup lists every open finding in its inbox: they have now been shown. Once per report: opening
 * the popup again on the same report would only read them all again, while the popup is painting.
 */
function notePopupShown(service: RunningAudit["service"], report: AuditReport | null): void {
  if (!report || shownReports.has(report)) return;
  const open = report.rooms.flatMap((r) => r.findings.filter((f) => !f.acknowledged).map((f) => f.id));
  if (open.length === 0) return;
  void service.markWarned(open).then(
    () => shownReports.add(report),
    (error: unknown) => console.warn("[audit] could not note findings as warned", error),
  );
}
