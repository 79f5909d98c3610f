/**
 * What the two stricter device-isolation modes of the Rust crypto would do in a room, following
 * matrix-rust-sdk's share strategies (crates/matrix-sdk-crypto/src/session_manager/group_sessions/
 * share_strategy.rs):
 *  - `OnlySignedDevicesIsolationMode` (IdentityBasedStrategy, MSC4153 "exclude insecure devices"):
 *    needs this account's identity, verified by this device; fails for users with a verification
 *    violation; withholds keys from devices of users without cross-signing and from devices their
 *    owner did not cross-sign.
 *  - `AllDevicesIsolationMode(true)` (ErrorOnVerifiedUserProblem): fails for users with a
 *    verification violation and for verified users with a device they did not cross-sign
 *    (blacklisted devices aside).
 * Worked out per member (cached by the room's auditor), then gathered for the room.
 */
import type { UserTrust } from "./user-trust.ts";
import type { PolicyPreview } from "./verdicts.ts";

export interface PolicyContext {
  ownUserId: string;
  ownDeviceId: string;
}

/** One member's share of a room's policy preview. */
export interface MemberPolicy {
  excluded: { userId: string; deviceId: string }[];
  /** Sending fails because of this member under `AllDevicesIsolationMode(true)`. */
  failsStrict: boolean;
  /** Sending fails because of this member under `OnlySignedDevicesIsolationMode`. */
  failsOnlySigned: boolean;
}

/**
 * What each isolation policy would do with one member's devices: the ones left out, and whether
 * sending fails because of them (strict, or only-signed). Never throws.
 */
export function memberPolicy(user: UserTrust, ctx: PolicyContext): MemberPolicy {
  const result: MemberPolicy = { excluded: [], failsStrict: false, failsOnlySigned: false };
  if (user.wasCrossSigningVerified && !user.crossSigningVerified) {
    result.failsStrict = result.failsOnlySigned = true;
    return result;
  }
  const isMe = user.userId === ctx.ownUserId;
  for (const d of user.devices ?? []) {
    // Keys go only to devices with keys, and never to this device itself.
    if (d.ed25519 === null || (isMe && d.deviceId === ctx.ownDeviceId)) continue;
    if (!d.facts.signedByOwner) {
      result.excluded.push({ userId: user.userId, deviceId: d.deviceId });
      if (user.crossSigningVerified && !d.facts.blocked) result.failsStrict = true;
    } else if (!user.hasCrossSigning) result.excluded.push({ userId: user.userId, deviceId: d.deviceId });
  }
  return result;
}

/** @param userIds - the members, in the order of `parts`. */
export function gatherPolicy(parts: readonly MemberPolicy[], userIds: readonly string[], own: UserTrust | undefined): PolicyPreview {
  const preview: PolicyPreview = {
    excludedDevices: [],
    failingUsers: [],
    onlySignedFailingUsers: [],
    onlySignedBlocked: !own?.hasCrossSigning ? "no-own-cross-signing" : !own.crossSigningVerified ? "this-device-unverified" : null,
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.excluded.length > 0) preview.excludedDevices.push(...part.excluded);
    if (part.failsStrict) preview.failingUsers.push(userIds[i]!);
    if (part.failsOnlySigned) preview.onlySignedFailingUsers.push(userIds[i]!);
  }
  return preview;
}

/** The isolation policies' preview for a room's members (`memberPolicy` of each, gathered). Never throws. */
export function policyPreview(members: readonly UserTrust[], ctx: PolicyContext): PolicyPreview {
  return gatherPolicy(
    members.map((m) => memberPolicy(m, ctx)),
    members.map((m) => m.userId),
    members.find((m) => m.userId === ctx.ownUserId),
  );
}
