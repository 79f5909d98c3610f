/** The inbox: every unacknowledged finding across rooms, most severe first, then newest first. */
import { SEVERITY_RANK, type AuditReport, type DeviceTrust, type Finding, type MemberTrust, type RoomAudit } from "../../core/verdicts.ts";

export interface InboxItem {
  finding: Finding;
  room: RoomAudit;
  member: MemberTrust | undefined;
  device: DeviceTrust | undefined;
}

export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.firstSeen - a.firstSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function findingContext(room: RoomAudit, finding: Finding): InboxItem {
  const member = room.members.find((m) => m.userId === finding.userId);
  const device = finding.deviceId === undefined ? undefined : member?.devices.find((d) => d.deviceId === finding.deviceId);
  return { finding, room, member, device };
}

export function inboxOf(report: AuditReport): InboxItem[] {
  const items: InboxItem[] = [];
  for (const room of report.rooms)
    for (const finding of room.findings) if (!finding.acknowledged) items.push(findingContext(room, finding));
  return items.sort((a, b) => compareFindings(a.finding, b.finding));
}
