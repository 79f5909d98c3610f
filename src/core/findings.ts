/**
 * The findings that explain a room's trust state, before the records add when each was first
 * seen and whether it was acknowledged. Kinds and severities: src/core/verdicts.ts and docs/report.md.
 */
import { isDeviceVerified } from "./classify.ts";
import { findingId } from "./finding-ids.ts";
import { findLookalikes, type LookalikeTimes } from "./lookalike.ts";
import type { FindingInput } from "./records.ts";
import type { UserTrust } from "./user-trust.ts";
import { FINDING_SEVERITY, type DeviceTrust, type FindingKind } from "./verdicts.ts";

export interface FindingContext {
  roomId: string;
  ownUserId: string;
  ownDeviceId: string;
}

/** One member's findings that follow from the crypto state alone (all kinds but "new unverified device"). */
export function userStateFindings(user: UserTrust, ctx: FindingContext): FindingInput[] {
  const out: FindingInput[] = [];
  if (user.userId === ctx.ownUserId) {
    for (const device of user.devices ?? []) {
      if (device.deviceId === ctx.ownDeviceId || !needsVerification(device)) continue;
      out.push(deviceFinding("own-unverified-device", device, ctx));
    }
    return out;
  }
  switch (user.verdict) {
    case "verification-violation":
      out.push(userFinding("verification-violation", user, ctx));
      return out; // its devices are moot until the identity is dealt with
    case "identity-changed":
      out.push(userFinding("identity-changed", user, ctx));
      break;
    case "no-cross-signing":
      out.push(userFinding("user-without-cross-signing", user, ctx));
      return out;
  }
  for (const device of user.devices ?? []) {
    if (device.verdict !== "unsigned") continue;
    const kind = user.crossSigningVerified ? "unsigned-device-of-verified-user" : "unsigned-device";
    out.push(deviceFinding(kind, device, ctx));
  }
  return out;
}

/** A device that can read room messages and that this session has not verified. */
export function needsVerification(device: DeviceTrust): boolean {
  return device.verdict !== "no-encryption" && !isDeviceVerified(device.verdict);
}

/** The finding for a device that appeared after its owner was first seen in the room. Never throws. */
export function newDeviceFinding(device: DeviceTrust, ctx: FindingContext): FindingInput {
  return deviceFinding("new-unverified-device", device, ctx);
}

function userFinding(kind: FindingKind, user: UserTrust, ctx: FindingContext): FindingInput {
  const finding: FindingInput = {
    id: findingId({ kind, roomId: ctx.roomId, userId: user.userId, key: user.masterKey ?? undefined }),
    kind,
    severity: FINDING_SEVERITY[kind],
    roomId: ctx.roomId,
    userId: user.userId,
  };
  if (user.masterKey) finding.masterKey = user.masterKey;
  return finding;
}

function deviceFinding(kind: FindingKind, device: DeviceTrust, ctx: FindingContext): FindingInput {
  const finding: FindingInput = {
    id: findingId({
      kind,
      roomId: ctx.roomId,
      userId: device.userId,
      deviceId: device.deviceId,
      key: device.ed25519 ?? undefined,
    }),
    kind,
    severity: FINDING_SEVERITY[kind],
    roomId: ctx.roomId,
    userId: device.userId,
    deviceId: device.deviceId,
  };
  if (device.ed25519) finding.ed25519 = device.ed25519;
  return finding;
}

/**
 * Members whose name reads as another member's that was there first (see lookalike.ts). This
 * account is never flagged; a verified person is flagged like anyone once their name arrived later —
 * being verified only decides when the times cannot tell who came first.
 */
export function lookalikeFindings(
  members: readonly { userId: string; displayName: string | null }[],
  trust: readonly UserTrust[],
  ctx: FindingContext,
  times: Pick<LookalikeTimes, "nameArrived" | "memberArrived">,
): FindingInput[] {
  const trusted = new Set<string>();
  for (const t of trust) if (t.crossSigningVerified) trusted.add(t.userId);
  const names = new Map(members.map((m) => [m.userId, m.displayName]));
  return findLookalikes(members, { ...times, self: ctx.ownUserId, trustedOnTie: trusted }).map(({ userId, lookalikeOf }): FindingInput => {
    const kind = "lookalike-name";
    return {
      // A new name or a new look-alike target is a new finding.
      id: findingId({ kind, roomId: ctx.roomId, userId, key: JSON.stringify([names.get(userId) ?? null, lookalikeOf]) }),
      kind,
      severity: FINDING_SEVERITY[kind],
      roomId: ctx.roomId,
      userId,
      lookalikeOf,
    };
  });
}
