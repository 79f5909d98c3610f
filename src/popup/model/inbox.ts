/**
 * The inbox and a room's list: one entry per problem (src/core/problems.ts), most severe first, then
 * newest first. An entry holds what the card shows: the problem, its person and device, its rooms.
 */
import { problemsOf, type Problem } from "../../core/problems.ts";
import { SEVERITY_RANK, type AuditReport, type DeviceTrust, type Finding, type MemberTrust, type RoomAudit } from "../../core/verdicts.ts";

export interface InboxItem {
  problem: Problem;
  /** The finding the card's actions are about: of its open findings, the most severe, then first seen. */
  finding: Finding;
  /** The room of `finding`. */
  room: RoomAudit;
  member: MemberTrust | undefined;
  device: DeviceTrust | undefined;
  /** The problem's findings shown (all of them in the inbox; the room's in a room screen), in room order. */
  findings: Finding[];
  /** The rooms the problem touches, in the report's room order. */
  rooms: RoomAudit[];
}

function leadFinding(findings: readonly Finding[]): number {
  let lead = 0;
  findings.forEach((f, i) => {
    const best = findings[lead]!;
    const rank = (x: Finding) => (x.acknowledged ? 0 : 10) + SEVERITY_RANK[x.severity];
    if (rank(f) > rank(best) || (rank(f) === rank(best) && f.firstSeen < best.firstSeen)) lead = i;
  });
  return lead;
}

/** The entry for one problem, made of the given rooms' findings. */
function itemOf(problem: Problem, rooms: readonly RoomAudit[]): InboxItem | null {
  const ids = new Set(problem.findingIds);
  const findings: Finding[] = [];
  const roomOf: RoomAudit[] = [];
  for (const room of rooms)
    for (const f of room.findings)
      if (ids.has(f.id)) {
        findings.push(f);
        roomOf.push(room);
      }
  if (findings.length === 0) return null;
  const lead = leadFinding(findings);
  const room = roomOf[lead]!;
  const finding = findings[lead]!;
  const member = room.members.find((m) => m.userId === problem.userId);
  const device = problem.deviceId === undefined ? undefined : member?.devices.find((d) => d.deviceId === problem.deviceId);
  return { problem, finding, room, member, device, findings, rooms: [...new Set(roomOf)] };
}

/** Every problem not yet acknowledged, across rooms: what the inbox lists and the toolbar icon counts. */
export function inboxOf(report: AuditReport): InboxItem[] {
  return problemsOf(report.rooms)
    .filter((p) => !p.acknowledged)
    .map((p) => itemOf(p, report.rooms))
    .filter((item): item is InboxItem => item !== null);
}

/**
 * The problems touching one room, open ones first. Each entry shows this room's findings, but is the
 * whole problem: acknowledging it acknowledges its findings in every room.
 */
export function roomItems(report: AuditReport, room: RoomAudit): InboxItem[] {
  const items = problemsOf(report.rooms)
    .filter((p) => p.roomIds.includes(room.roomId))
    .map((p) => itemOf(p, [room]))
    .filter((item): item is InboxItem => item !== null);
  // Open here: some of this room's findings are not acknowledged (as the rooms list counts).
  const openHere = (item: InboxItem) => item.findings.some((f) => !f.acknowledged);
  return [...items.filter(openHere), ...items.filter((item) => !openHere(item))];
}
