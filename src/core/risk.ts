/** Ordering rooms by risk and counting findings: what the popup lists first and the icon counts. */
import { countProblems, problemsOf, type Problem } from "./problems.ts";
import { SEVERITY_RANK, type RoomAudit, type ReportSummary, type Severity } from "./verdicts.ts";

const SHIELD_RANK = { warning: 2, normal: 1, verified: 0 } as const;

/**
 * Riskiest first: by the worst unacknowledged finding, then the number of unacknowledged critical,
 * warning and notice findings, then Element's shield, then encrypted before not, then by name.
 */
export function compareRoomRisk(a: RoomAudit, b: RoomAudit): number {
  const ka = riskKey(a);
  const kb = riskKey(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
  return a.name.localeCompare(b.name) || a.roomId.localeCompare(b.roomId);
}

function riskKey(room: RoomAudit): number[] {
  const counts: Record<Severity, number> = { critical: 0, warning: 0, notice: 0 };
  let worst = 0;
  for (const f of room.findings) {
    if (f.acknowledged) continue;
    counts[f.severity]++;
    worst = Math.max(worst, SEVERITY_RANK[f.severity]);
  }
  return [worst, counts.critical, counts.warning, counts.notice, SHIELD_RANK[room.shield], room.encrypted ? 1 : 0];
}

/** The report's rooms with their problems and summary, as every report is made (audit, acknowledgement). */
export function reportBody(rooms: RoomAudit[]): { rooms: RoomAudit[]; problems: Problem[]; summary: ReportSummary } {
  const problems = problemsOf(rooms);
  return { rooms, problems, summary: summarize(rooms, problems) };
}

/** The report's counts: rooms (and encrypted ones), findings by severity, unacknowledged findings, problems. Never throws. */
export function summarize(rooms: readonly RoomAudit[], problems: readonly Problem[] = problemsOf(rooms)): ReportSummary {
  const findings: Record<Severity, number> = { critical: 0, warning: 0, notice: 0 };
  let unacknowledged = 0;
  for (const room of rooms)
    for (const f of room.findings) {
      findings[f.severity]++;
      if (!f.acknowledged) unacknowledged++;
    }
  return { rooms: rooms.length, encryptedRooms: rooms.filter((r) => r.encrypted).length, findings, unacknowledged, problems: countProblems(problems) };
}
