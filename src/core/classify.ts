/**
 * Turning the crypto layer's raw answers into verdicts. Pure functions: the same facts always give
 * the same verdict, so the background, the command line and the tests agree.
 */
import type { DeviceFacts, DeviceVerdict, UserVerdict } from "./verdicts.ts";

/** The parts of matrix-js-sdk's `DeviceVerificationStatus` a verdict depends on. */
export interface DeviceStatusLike {
  signedByOwner: boolean;
  crossSigningVerified: boolean;
  localVerified: boolean;
  isVerified(): boolean;
}

/** The parts of matrix-js-sdk's `UserVerificationStatus` a verdict depends on. */
export interface UserStatusLike {
  /** The session holds a cross-signing identity for the user. */
  known: boolean;
  needsUserApproval: boolean;
  isCrossSigningVerified(): boolean;
  wasCrossSigningVerified(): boolean;
}

/** The facts a device verdict rests on; all false for a device without keys (`status` null). Never throws. */
export function deviceFacts(status: DeviceStatusLike | null): DeviceFacts {
  return {
    signedByOwner: status?.signedByOwner ?? false,
    crossSigningVerified: status?.crossSigningVerified ?? false,
    localVerified: status?.localVerified ?? false,
  };
}

/**
 * @param status - null when the device published no keys (or is unknown to the crypto store).
 * @param ownerHasCrossSigning - whether the device's owner has a cross-signing identity.
 */
export function deviceVerdict(status: DeviceStatusLike | null, ownerHasCrossSigning: boolean): DeviceVerdict {
  if (status === null) return "no-encryption";
  if (status.isVerified()) return status.crossSigningVerified ? "verified" : "locally-verified";
  if (status.signedByOwner) return "cross-signed";
  return ownerHasCrossSigning ? "unsigned" : "no-cross-signing";
}

/** A member's verdict from the crypto's view of them; `isMe` wins over everything. Never throws. */
export function userVerdict(status: UserStatusLike, isMe: boolean): UserVerdict {
  if (isMe) return "me";
  const verified = status.isCrossSigningVerified();
  // Checked before `verified`: Rust keeps `wasCrossSigningVerified` true after a re-verification.
  if (status.wasCrossSigningVerified() && !verified) return "verification-violation";
  if (verified) return "verified";
  if (status.needsUserApproval) return "identity-changed";
  return status.known ? "unverified" : "no-cross-signing";
}

/** Whether Element (and `isVerified()`) counts the device as verified. */
export function isDeviceVerified(verdict: DeviceVerdict): boolean {
  return verdict === "verified" || verdict === "locally-verified";
}
