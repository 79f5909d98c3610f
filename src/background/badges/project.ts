/**
 * What a content script may learn about a room: for the user IDs it asked about that are members of
 * the room, the user verdict and the room's findings about them (counted per kind). Nothing else of
 * the audit — no devices, keys, other rooms or other members — leaves through this.
 */
import { SEVERITY_RANK, type Finding, type RoomAudit } from "../../core/verdicts.ts";
import type { MemberBadge } from "../../protocol/messages.ts";

export interface BadgeProjection {
  members: MemberBadge[];
  /** The findings the answer tells about: they count as warned once the badge shows them. */
  shownFindings: Finding[];
}

/** `devicesOf`: the one asked member whose sessions are listed too (no keys, only ID, name and verdict). */
export function projectBadges(audit: RoomAudit, userIds: readonly string[], devicesOf?: string): BadgeProjection {
  const asked = new Set(userIds);
  const findingsByUser = new Map<string, Finding[]>();
  for (const finding of audit.findings) {
    if (!asked.has(finding.userId)) continue;
    const list = findingsByUser.get(finding.userId);
    if (list) list.push(finding);
    else findingsByUser.set(finding.userId, [finding]);
  }
  const members: MemberBadge[] = [];
  const shownFindings: Finding[] = [];
  for (const member of audit.members) {
    if (!asked.has(member.userId)) continue;
    asked.delete(member.userId); // one badge per user, even if a report listed someone twice
    const findings = findingsByUser.get(member.userId) ?? [];
    shownFindings.push(...findings);
    const badge: MemberBadge = { userId: member.userId, verdict: member.verdict, findings: countByKind(findings) };
    if (audit.outOfDate) badge.outOfDate = true;
    if (member.userId === devicesOf)
      badge.devices = member.devices.map((d) => ({ deviceId: d.deviceId, displayName: d.displayName, verdict: d.verdict }));
    members.push(badge);
  }
  return { members, shownFindings };
}

function countByKind(findings: readonly Finding[]): MemberBadge["findings"] {
  const byKind = new Map<Finding["kind"], MemberBadge["findings"][number]>();
  for (const f of findings) {
    const entry = byKind.get(f.kind);
    if (!entry) byKind.set(f.kind, { kind: f.kind, severity: f.severity, count: 1 });
    else {
      entry.count++;
      if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[entry.severity]) entry.severity = f.severity;
    }
  }
  // Most severe first, so the badge's words lead with what matters.
  return [...byKind.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}
