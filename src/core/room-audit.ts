/**
 * One room's audit, assembled from the room's facts and the (room-independent) trust of its
 * members. Each member's part (their entry, their findings) is kept, so when one member changes
 * only that member's part is rebuilt; the room-wide verdicts (shield, policy) are then recomputed
 * from all members, which is cheap.
 */
import { shieldFacts, shieldFromFacts, type ShieldFacts } from "./shield.ts";
import { lookalikeFindings, needsVerification, newDeviceFinding, userStateFindings, type FindingContext } from "./findings.ts";
import { gatherPolicy, memberPolicy, type MemberPolicy } from "./policy.ts";
import { sightingKey, type FindingInput, type Sighting } from "./records.ts";
import type { RecordsCache } from "./records-cache.ts";
import type { RoomInfo, RoomMemberInfo } from "./rooms.ts";
import type { UserTrust } from "./user-trust.ts";
import type { Finding, MemberTrust, RoomAudit } from "./verdicts.ts";

export interface RoomAuditContext {
  ownUserId: string;
  ownDeviceId: string;
  records: RecordsCache;
}

interface MemberPart {
  trust: UserTrust;
  displayName: string | null;
  member: MemberTrust;
  drafts: FindingInput[];
  policy: MemberPolicy;
  shield: ShieldFacts;
}

export class RoomAuditor {
  private parts = new Map<string, MemberPart>();

  /** Rebuilds the room's audit; members whose trust object and name are unchanged are reused. */
  async audit(info: RoomInfo, trust: ReadonlyMap<string, UserTrust>, ctx: RoomAuditContext): Promise<RoomAudit> {
    const findingCtx: FindingContext = { roomId: info.roomId, ownUserId: ctx.ownUserId, ownDeviceId: ctx.ownDeviceId };
    const memberTrust = info.members.map((m) => trust.get(m.userId) ?? unknownUser(m.userId));
    const parts = new Map<string, MemberPart>();
    const stale: { info: RoomMemberInfo; trust: UserTrust }[] = [];
    info.members.forEach((m, i) => {
      const t = memberTrust[i]!;
      const kept = this.parts.get(m.userId);
      if (kept && kept.trust === t && kept.displayName === m.displayName) parts.set(m.userId, kept);
      else stale.push({ info: m, trust: t });
    });
    if (info.encrypted && stale.length > 0) {
      const newDevices = await newDeviceFindings(stale.map((s) => s.trust), findingCtx, ctx.records);
      for (const s of stale) {
        const drafts = [...userStateFindings(s.trust, findingCtx), ...(newDevices.get(s.trust.userId) ?? [])];
        parts.set(s.info.userId, makePart(s.info, s.trust, drafts, ctx));
      }
    } else {
      for (const s of stale) parts.set(s.info.userId, makePart(s.info, s.trust, [], ctx));
    }
    this.parts = parts;

    const ordered = info.members.map((m) => parts.get(m.userId)!);
    const members = ordered.map((p) => p.member);
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
    const drafts: FindingInput[] = [];
    for (const p of ordered) if (p.drafts.length > 0) drafts.push(...p.drafts);
    // Room-wide: whether a name is a look-alike depends on every other member's name.
    drafts.push(...lookalikeFindings(info.members, memberTrust, findingCtx));
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
      shield: shieldFromFacts(
        info.members.map((m) => m.userId),
        ordered.map((p) => p.shield),
        parts.get(ctx.ownUserId)?.shield ?? shieldFacts(trust.get(ctx.ownUserId)),
        ctx.ownUserId,
        info.isDirect,
      ),
      members,
      findings,
      policyPreview: gatherPolicy(
        ordered.map((p) => p.policy),
        memberTrust,
        trust.get(ctx.ownUserId),
      ),
    };
  }
}

function makePart(m: RoomMemberInfo, t: UserTrust, drafts: FindingInput[], ctx: RoomAuditContext): MemberPart {
  return { trust: t, displayName: m.displayName, member: memberEntry(m, t), drafts, policy: memberPolicy(t, ctx), shield: shieldFacts(t) };
}

function memberEntry(m: RoomMemberInfo, t: UserTrust): MemberTrust {
  return {
    userId: m.userId,
    displayName: m.displayName,
    verdict: t.verdict,
    masterKey: t.masterKey,
    devices: t.devices ?? [],
    devicesKnown: t.devices !== null,
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
): Promise<Map<string, FindingInput[]>> {
  const sightings: Sighting[] = [];
  for (const user of members) {
    sightings.push(memberSighting(ctx.roomId, user.userId));
    for (const d of user.devices ?? [])
      if (d.ed25519 !== null) sightings.push({ roomId: ctx.roomId, userId: user.userId, deviceId: d.deviceId, ed25519: d.ed25519 });
  }
  const firstSeen = await records.sightings(sightings);
  const out = new Map<string, FindingInput[]>();
  for (const user of members) {
    const memberSince = firstSeen.get(sightingKey(memberSighting(ctx.roomId, user.userId)));
    if (memberSince === undefined) continue;
    for (const d of user.devices ?? []) {
      if (d.ed25519 === null || !needsVerification(d)) continue;
      if (user.userId === ctx.ownUserId && d.deviceId === ctx.ownDeviceId) continue;
      const deviceSince = firstSeen.get(sightingKey({ roomId: ctx.roomId, userId: user.userId, deviceId: d.deviceId, ed25519: d.ed25519 }));
      if (deviceSince !== undefined && deviceSince > memberSince) {
        const list = out.get(user.userId) ?? [];
        list.push(newDeviceFinding(d, ctx));
        out.set(user.userId, list);
      }
    }
  }
  return out;
}

function memberSighting(roomId: string, userId: string): Sighting {
  return { roomId, userId, deviceId: null, ed25519: null };
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
