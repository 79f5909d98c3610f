/** Acknowledgements in a report: a shown report with findings acknowledged (for when no live audit carries the change yet), and the rooms two reports differ in by them. */
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

/**
 * Rooms (beyond `known`) where findings were acknowledged between two reports: an acknowledgement
 * recomputes nothing, yet the pages showing those rooms (badges, the composer warning) must hear of it.
 */
export function acknowledgedRooms(previous: AuditReport | null, report: AuditReport, known: ReadonlySet<string>): string[] {
  if (!previous) return [];
  const acknowledged = (room: AuditReport["rooms"][number]) => room.findings.reduce((n, f) => n + (f.acknowledged ? 1 : 0), 0);
  const before = new Map(previous.rooms.map((room) => [room.roomId, acknowledged(room)]));
  return report.rooms.filter((room) => !known.has(room.roomId) && before.has(room.roomId) && before.get(room.roomId) !== acknowledged(room)).map((room) => room.roomId);
}
