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
 */
import type { UserTrust } from "./user-trust.ts";
import type { PolicyPreview } from "./verdicts.ts";

export interface PolicyContext {
  ownUserId: string;
  ownDeviceId: string;
}

export function policyPreview(members: readonly UserTrust[], ctx: PolicyContext): PolicyPreview {
  const own = members.find((m) => m.userId === ctx.ownUserId);
  const preview: PolicyPreview = {
    excludedDevices: [],
    failingUsers: [],
    onlySignedFailingUsers: [],
    onlySignedBlocked: !own?.hasCrossSigning
      ? "no-own-cross-signing"
      : !own.crossSigningVerified
        ? "this-device-unverified"
        : null,
  };
  for (const user of members) {
    // Keys go only to devices with keys, and never to this device itself.
    const devices = (user.devices ?? []).filter(
      (d) => d.ed25519 !== null && !(user.userId === ctx.ownUserId && d.deviceId === ctx.ownDeviceId),
    );
    const violation = user.wasCrossSigningVerified && !user.crossSigningVerified;
    if (violation) {
      preview.failingUsers.push(user.userId);
      preview.onlySignedFailingUsers.push(user.userId);
      continue;
    }
    for (const d of devices) {
      if (!user.hasCrossSigning || !d.facts.signedByOwner)
        preview.excludedDevices.push({ userId: user.userId, deviceId: d.deviceId });
    }
    if (user.crossSigningVerified && devices.some((d) => !d.facts.signedByOwner && !d.facts.blocked))
      preview.failingUsers.push(user.userId);
  }
  return preview;
}
