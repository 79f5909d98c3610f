/**
 * The inbox: every unacknowledged finding across rooms, most severe first, then newest first.
 * The same problem (kind, user, device, key) found in several rooms is one entry naming the rooms.
 */
import { SEVERITY_RANK, type AuditReport, type DeviceTrust, type Finding, type MemberTrust, type RoomAudit } from "../../core/verdicts.ts";

export interface InboxItem {
  /** The entry's finding as shown: of its findings, the one seen first. */
  finding: Finding;
  room: RoomAudit;
  member: MemberTrust | undefined;
  device: DeviceTrust | undefined;
  /** The same finding in each room it applies to, in the report's room order (one in the room screen). */
  findings: Finding[];
  /** The room of each of `findings`, in the same order. */
  rooms: RoomAudit[];
}

export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.firstSeen - a.firstSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function findingContext(room: RoomAudit, finding: Finding): InboxItem {
  const member = room.members.find((m) => m.userId === finding.userId);
  const device = finding.deviceId === undefined ? undefined : member?.devices.find((d) => d.deviceId === finding.deviceId);
  return { finding, room, member, device, findings: [finding], rooms: [room] };
}

/** What makes two rooms' findings the same problem: everything in the finding's id but the room. */
function sameProblemKey(f: Finding): string {
  return JSON.stringify([f.kind, f.userId, f.deviceId ?? null, f.ed25519 ?? f.masterKey ?? null, f.lookalikeOf ?? null]);
}

export function inboxOf(report: AuditReport): InboxItem[] {
  const groups = new Map<string, { findings: Finding[]; rooms: RoomAudit[] }>();
  for (const room of report.rooms)
    for (const finding of room.findings) {
      if (finding.acknowledged) continue;
      const key = sameProblemKey(finding);
      const group = groups.get(key);
      if (group) {
        group.findings.push(finding);
        group.rooms.push(room);
      } else groups.set(key, { findings: [finding], rooms: [room] });
    }
  const items: InboxItem[] = [];
  for (const { findings, rooms } of groups.values()) {
    let first = 0;
    findings.forEach((f, i) => {
      if (f.firstSeen < findings[first]!.firstSeen) first = i;
    });
    items.push({ ...findingContext(rooms[first]!, findings[first]!), findings, rooms });
  }
  return items.sort((a, b) => compareFindings(a.finding, b.finding));
}

/** How many findings the items hold: what the toolbar icon counts. */
export function findingCount(items: readonly InboxItem[]): number {
  return items.reduce((n, item) => n + item.findings.length, 0);
}
