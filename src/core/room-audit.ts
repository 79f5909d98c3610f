/** One room's audit, assembled from the room's facts and the (room-independent) trust of its members. */
import { elementShield } from "./shield.ts";
import { needsVerification, newDeviceFinding, stateFindings, type FindingContext } from "./findings.ts";
import { policyPreview } from "./policy.ts";
import { sightingKey, type FindingInput, type Sighting } from "./records.ts";
import type { RecordsCache } from "./records-cache.ts";
import type { RoomInfo } from "./rooms.ts";
import type { UserTrust } from "./user-trust.ts";
import type { Finding, MemberTrust, RoomAudit } from "./verdicts.ts";

export interface RoomAuditContext {
  ownUserId: string;
  ownDeviceId: string;
  records: RecordsCache;
}

export async function auditRoom(
  info: RoomInfo,
  trust: ReadonlyMap<string, UserTrust>,
  ctx: RoomAuditContext,
): Promise<RoomAudit> {
  const memberTrust = info.members.map((m) => trust.get(m.userId) ?? unknownUser(m.userId));
  const members: MemberTrust[] = info.members.map((m, i) => {
    const t = memberTrust[i]!;
    return {
      userId: m.userId,
      displayName: m.displayName,
      verdict: t.verdict,
      masterKey: t.masterKey,
      devices: t.devices ?? [],
      devicesKnown: t.devices !== null,
    };
  });
  if (!info.encrypted) {
    return {
      roomId: info.roomId,
      name: info.name,
      encrypted: false,
      isDirect: info.isDirect,
      shield: "normal",
      members,
      findings: [],
      policyPreview: { excludedDevices: [], failingUsers: [], onlySignedFailingUsers: [], onlySignedBlocked: null },
    };
  }
  const findingCtx: FindingContext = { roomId: info.roomId, ownUserId: ctx.ownUserId, ownDeviceId: ctx.ownDeviceId };
  const drafts = [...stateFindings(memberTrust, findingCtx), ...(await newDeviceFindings(memberTrust, findingCtx, ctx.records))];
  const states = await ctx.records.findings(drafts);
  const findings: Finding[] = drafts.map((d) => {
    const state = states.get(d.id);
    return { ...d, firstSeen: state?.firstSeen ?? 0, acknowledged: state?.acknowledged ?? false };
  });
  return {
    roomId: info.roomId,
    name: info.name,
    encrypted: true,
    isDirect: info.isDirect,
    shield: elementShield(
      info.members.map((m) => m.userId),
      trust,
      ctx.ownUserId,
      info.isDirect,
    ),
    members,
    findings,
    policyPreview: policyPreview(memberTrust, ctx),
  };
}

/**
 * Unverified devices first seen after their owner was first seen in this room, so the user knows
 * a device appeared since (an attacker's device would). The current device is never "new".
 */
async function newDeviceFindings(
  members: readonly UserTrust[],
  ctx: FindingContext,
  records: RecordsCache,
): Promise<FindingInput[]> {
  const sightings: Sighting[] = [];
  for (const user of members) {
    sightings.push({ roomId: ctx.roomId, userId: user.userId, deviceId: null, ed25519: null });
    for (const d of user.devices ?? [])
      if (d.ed25519 !== null) sightings.push({ roomId: ctx.roomId, userId: user.userId, deviceId: d.deviceId, ed25519: d.ed25519 });
  }
  const firstSeen = await records.sightings(sightings);
  const out: FindingInput[] = [];
  for (const user of members) {
    const memberSince = firstSeen.get(sightingKey({ roomId: ctx.roomId, userId: user.userId, deviceId: null, ed25519: null }));
    if (memberSince === undefined) continue;
    for (const d of user.devices ?? []) {
      if (d.ed25519 === null || !needsVerification(d)) continue;
      if (user.userId === ctx.ownUserId && d.deviceId === ctx.ownDeviceId) continue;
      const deviceSince = firstSeen.get(sightingKey({ roomId: ctx.roomId, userId: user.userId, deviceId: d.deviceId, ed25519: d.ed25519 }));
      if (deviceSince !== undefined && deviceSince > memberSince) out.push(newDeviceFinding(d, ctx));
    }
  }
  return out;
}

function unknownUser(userId: string): UserTrust {
  return {
    userId,
    verdict: "no-cross-signing",
    hasCrossSigning: false,
    crossSigningVerified: false,
    wasCrossSigningVerified: false,
    needsUserApproval: false,
    masterKey: null,
    devices: null,
  };
}
