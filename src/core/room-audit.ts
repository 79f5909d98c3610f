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
import type { DeviceTrust, Finding, MemberTrust, RoomAudit } from "./verdicts.ts";

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
  /** The room facts the parts below were built for; a new object means membership or names changed. */
  private info: RoomInfo | null = null;
  /** One part per member, in `info.members` order. */
  private ordered: MemberPart[] = [];
  private index = new Map<string, number>();
  private userIds: string[] = [];
  private lookalikes: FindingInput[] = [];

  /**
   * Rebuilds the room's audit. Members whose trust object and name are unchanged keep their part.
   * @param changedUsers - when `info` is the object of the previous call, the only users whose
   *   trust may have changed: then nothing else is looked at.
   */
  async audit(
    info: RoomInfo,
    trust: ReadonlyMap<string, UserTrust>,
    ctx: RoomAuditContext,
    changedUsers?: ReadonlySet<string>,
  ): Promise<RoomAudit> {
    const findingCtx: FindingContext = { roomId: info.roomId, ownUserId: ctx.ownUserId, ownDeviceId: ctx.ownDeviceId };
    const sameRoom = info === this.info;
    const ordered = sameRoom ? this.ordered.slice() : new Array<MemberPart>(info.members.length);
    const stale: number[] = [];
    if (sameRoom && changedUsers) {
      for (const userId of changedUsers) {
        const i = this.index.get(userId);
        if (i !== undefined && ordered[i]!.trust !== trust.get(userId)) stale.push(i);
      }
    } else {
      const previous = new Map(this.ordered.map((p) => [p.member.userId, p]));
      info.members.forEach((m, i) => {
        const kept = previous.get(m.userId);
        if (kept && kept.trust === trust.get(m.userId) && kept.displayName === m.displayName) ordered[i] = kept;
        else stale.push(i);
      });
      if (!sameRoom) {
        this.userIds = info.members.map((m) => m.userId);
        this.index = new Map(this.userIds.map((id, i) => [id, i]));
      }
    }

    let verifiedChanged = false;
    const staleTrust = stale.map((i) => trust.get(info.members[i]!.userId) ?? unknownUser(info.members[i]!.userId));
    const firstSeen = info.encrypted && stale.length > 0 ? await ctx.records.sightings(roomSightings(staleTrust, info.roomId)) : null;
    stale.forEach((i, k) => {
      const m = info.members[i]!;
      const t = staleTrust[k]!;
      if (ordered[i]?.trust.crossSigningVerified !== t.crossSigningVerified) verifiedChanged = true;
      const drafts = firstSeen ? [...userStateFindings(t, findingCtx), ...newDeviceFindings(t, findingCtx, firstSeen)] : [];
      ordered[i] = makePart(m, t, drafts, ctx, firstSeen && { roomId: info.roomId, at: firstSeen });
    });
    // Whether a name is a look-alike depends on every member's name and when it arrived (and, where
    // the times tie, on who is verified).
    if (!sameRoom || verifiedChanged) this.lookalikes = info.encrypted ? await this.findLookalikes(info, ordered, findingCtx, ctx) : [];
    this.info = info;
    this.ordered = ordered;

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
    drafts.push(...this.lookalikes);
    const states = await ctx.records.findings(drafts);
    const findings: Finding[] = drafts.map((d) => {
      const state = states.get(d.id);
      return { ...d, firstSeen: state?.firstSeen ?? 0, acknowledged: state?.acknowledged ?? false };
    });
    const ownIndex = this.index.get(ctx.ownUserId);
    return {
      roomId: info.roomId,
      name: info.name,
      encrypted: true,
      isDirect: info.isDirect,
      shield: shieldFromFacts(
        this.userIds,
        ordered.map((p) => p.shield),
        ownIndex !== undefined ? ordered[ownIndex]!.shield : shieldFacts(trust.get(ctx.ownUserId)),
        ctx.ownUserId,
        info.isDirect,
      ),
      members,
      findings,
      policyPreview: gatherPolicy(
        ordered.map((p) => p.policy),
        this.userIds,
        trust.get(ctx.ownUserId),
      ),
    };
  }

  /** Look-alike names, judged by when each name and each member first arrived in this room (the records). */
  private async findLookalikes(info: RoomInfo, ordered: readonly MemberPart[], findingCtx: FindingContext, ctx: RoomAuditContext): Promise<FindingInput[]> {
    const named = info.members.map((m) => nameSighting(info.roomId, m));
    const seen = await ctx.records.sightings(named);
    const byUser = new Map(info.members.map((m, i) => [m.userId, { member: m, name: named[i]! }]));
    const never = { seen: Number.MAX_SAFE_INTEGER, set: Number.MAX_SAFE_INTEGER };
    return lookalikeFindings(info.members, ordered.map((p) => p.trust), findingCtx, {
      nameArrived: (userId) => {
        const entry = byUser.get(userId);
        if (!entry) return never;
        return { seen: seen.get(sightingKey(entry.name)) ?? never.seen, set: entry.member.nameSetAt ?? 0 };
      },
      memberArrived: (userId) => {
        const entry = byUser.get(userId);
        const since = seen.get(sightingKey(memberSighting(info.roomId, userId)));
        return { seen: since ?? (entry ? (seen.get(sightingKey(entry.name)) ?? never.seen) : never.seen), set: entry?.member.nameSetAt ?? 0 };
      },
    });
  }
}

/** First sightings in one room, by `sightingKey`; none are kept for unencrypted rooms. */
interface RoomSightings {
  roomId: string;
  at: ReadonlyMap<string, number>;
}

function makePart(m: RoomMemberInfo, t: UserTrust, drafts: FindingInput[], ctx: RoomAuditContext, seen: RoomSightings | null): MemberPart {
  return { trust: t, displayName: m.displayName, member: memberEntry(m, t, seen), drafts, policy: memberPolicy(t, ctx), shield: shieldFacts(t) };
}

function memberEntry(m: RoomMemberInfo, t: UserTrust, seen: RoomSightings | null): MemberTrust {
  const devices = t.devices ?? [];
  const entry: MemberTrust = {
    userId: m.userId,
    displayName: m.displayName,
    verdict: t.verdict,
    masterKey: t.masterKey,
    devices,
    devicesKnown: t.devices !== null,
  };
  if (!seen) return entry;
  const memberSince = seen.at.get(sightingKey(memberSighting(seen.roomId, m.userId)));
  if (memberSince !== undefined) entry.firstSeen = memberSince;
  // The user's device entries are shared by every room; first sightings are per room, so copy.
  entry.devices = devices.map((d) => {
    const since = d.ed25519 === null ? undefined : seen.at.get(sightingKey(deviceSighting(seen.roomId, d)));
    return since === undefined ? d : { ...d, firstSeen: since };
  });
  return entry;
}

/**
 * The room's members and their devices with keys, as sightings for the records. A member is noted
 * only once the crypto knows something of their keys (an identity or a device): until their keys
 * are downloaded (a room whose members were just loaded) an empty list says nothing, and noting
 * the member then would make every device they already had look added later.
 */
function roomSightings(members: readonly UserTrust[], roomId: string): Sighting[] {
  const sightings: Sighting[] = [];
  for (const user of members) {
    if (!user.hasCrossSigning && !user.devices?.length) continue;
    sightings.push(memberSighting(roomId, user.userId));
    for (const d of user.devices ?? []) if (d.ed25519 !== null) sightings.push(deviceSighting(roomId, d));
  }
  return sightings;
}

/**
 * Unverified devices first seen after their owner was first seen in this room, so the user knows
 * a device appeared since (an attacker's device would). The current device is never "new".
 */
function newDeviceFindings(user: UserTrust, ctx: FindingContext, firstSeen: ReadonlyMap<string, number>): FindingInput[] {
  const memberSince = firstSeen.get(sightingKey(memberSighting(ctx.roomId, user.userId)));
  if (memberSince === undefined) return [];
  const found: FindingInput[] = [];
  for (const d of user.devices ?? []) {
    if (d.ed25519 === null || !needsVerification(d)) continue;
    if (user.userId === ctx.ownUserId && d.deviceId === ctx.ownDeviceId) continue;
    const deviceSince = firstSeen.get(sightingKey(deviceSighting(ctx.roomId, d)));
    if (deviceSince !== undefined && deviceSince > memberSince) found.push(newDeviceFinding(d, ctx));
  }
  return found;
}

/** A member's shown name in a room: a new name is a new sighting. */
function nameSighting(roomId: string, m: RoomMemberInfo): Sighting {
  return { roomId, userId: m.userId, deviceId: null, ed25519: null, name: m.displayName ?? m.userId };
}

function memberSighting(roomId: string, userId: string): Sighting {
  return { roomId, userId, deviceId: null, ed25519: null };
}

function deviceSighting(roomId: string, d: DeviceTrust): Sighting {
  return { roomId, userId: d.userId, deviceId: d.deviceId, ed25519: d.ed25519 };
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
