/** The room screen's member list flattened into fixed-height rows: members, and devices of expanded members. */
import type { DeviceTrust, MemberTrust, UserVerdict } from "../../core/verdicts.ts";

export type MemberRow =
  | { kind: "member"; member: MemberTrust; expanded: boolean }
  | { kind: "member-actions"; member: MemberTrust }
  | { kind: "device"; member: MemberTrust; device: DeviceTrust }
  | { kind: "no-devices"; member: MemberTrust };

/** Pixel heights; the CSS gives each row kind exactly this height. */
export const ROW_HEIGHT: Record<MemberRow["kind"], number> = {
  member: 56,
  "member-actions": 48,
  device: 216,
  "no-devices": 40,
};

const VERDICT_ORDER: Record<UserVerdict, number> = {
  "verification-violation": 0,
  "identity-changed": 1,
  unverified: 2,
  "no-cross-signing": 3,
  verified: 4,
  me: 5,
};

/** Riskiest members first, then by name. */
export function sortMembers(members: readonly MemberTrust[]): MemberTrust[] {
  return [...members].sort(
    (a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || (a.displayName ?? a.userId).localeCompare(b.displayName ?? b.userId),
  );
}

export function memberHasActions(member: MemberTrust): boolean {
  return member.verdict === "verification-violation" || member.verdict === "identity-changed" || member.verdict === "unverified";
}

export function memberRows(members: readonly MemberTrust[], expanded: ReadonlySet<string>): MemberRow[] {
  const rows: MemberRow[] = [];
  for (const member of members) {
    const open = expanded.has(member.userId);
    rows.push({ kind: "member", member, expanded: open });
    if (!open) continue;
    if (memberHasActions(member)) rows.push({ kind: "member-actions", member });
    if (!member.devicesKnown || member.devices.length === 0) rows.push({ kind: "no-devices", member });
    for (const device of member.devices) rows.push({ kind: "device", member, device });
  }
  return rows;
}

export function rowKey(row: MemberRow): string {
  return row.kind === "device" ? `d\u0000${row.member.userId}\u0000${row.device.deviceId}` : `${row.kind}\u0000${row.member.userId}`;
}
