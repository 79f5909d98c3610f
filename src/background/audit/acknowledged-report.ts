/** A shown report with findings acknowledged, for when no live audit carries the change yet. */
import { compareRoomRisk, reportBody } from "../../core/risk.ts";
import type { AuditReport } from "../../core/verdicts.ts";

/** The report with these findings acknowledged, re-sorted and re-counted; and the rooms that changed. */
export function acknowledgedIn(report: AuditReport, findingIds: readonly string[]): { report: AuditReport; rooms: string[] } {
  const ids = new Set(findingIds);
  const changed: string[] = [];
  const rooms = report.rooms.map((room) => {
    if (!room.findings.some((f) => ids.has(f.id) && !f.acknowledged)) return room;
    changed.push(room.roomId);
    return { ...room, findings: room.findings.map((f) => (ids.has(f.id) ? { ...f, acknowledged: true } : f)) };
  });
  if (changed.length === 0) return { report, rooms: [] };
  rooms.sort(compareRoomRisk);
  return { report: { ...report, ...reportBody(rooms) }, rooms: changed };
}
