/**
 * The one vocabulary of trust verdicts. Every part (background, popup, badges, command line,
 * report) speaks these words; nothing else defines its own.
 */

/** How this session judges one device of user U. */
export type DeviceVerdict =
  /** `isVerified()`: cross-signed by U whose identity this account verified (or verified locally). */
  | "verified"
  /** Verified by hand on this session only (`setDeviceVerified`), not through cross-signing. */
  | "locally-verified"
  /** Signed by U, but U's identity itself is not verified by this account. */
  | "cross-signed"
  /** U has a cross-signing identity but did not sign this device ("insecure device", MSC4153). */
  | "unsigned"
  /** U has no cross-signing identity at all. */
  | "no-cross-signing"
  /** The device published no keys; per MSC4153 this raises no warning. */
  | "no-encryption";

/** How this session judges user U's identity. */
export type UserVerdict =
  /** The signed-in account itself. */
  | "me"
  /** `isCrossSigningVerified()`. */
  | "verified"
  /** Was verified, identity changed since (`wasCrossSigningVerified() && !isCrossSigningVerified()`). */
  | "verification-violation"
  /** The pinned identity changed (`needsUserApproval`). */
  | "identity-changed"
  | "unverified"
  | "no-cross-signing";

/** Element Web's room shield, computed by Element's rules so users can compare. */
export type RoomShield = "verified" | "normal" | "warning";

export type Severity = "critical" | "warning" | "notice";

export type FindingKind =
  | "verification-violation"
  | "identity-changed"
  | "unsigned-device-of-verified-user"
  | "unsigned-device"
  | "own-unverified-device"
  | "user-without-cross-signing"
  | "new-unverified-device";

/** The raw facts a device verdict was derived from, kept so users can check our reasoning. */
export interface DeviceFacts {
  signedByOwner: boolean;
  crossSigningVerified: boolean;
  localVerified: boolean;
}

export interface DeviceTrust {
  userId: string;
  deviceId: string;
  /** Chosen by the device's owner: render as text only. */
  displayName: string | null;
  /** Unpadded base64 ed25519 key, or null when the device published none. */
  ed25519: string | null;
  verdict: DeviceVerdict;
  facts: DeviceFacts;
}

export interface MemberTrust {
  userId: string;
  /** Chosen by the member: render as text only. */
  displayName: string | null;
  verdict: UserVerdict;
  /** The master key this session currently sees for the user, if any. */
  masterKey: string | null;
  devices: DeviceTrust[];
}

export interface Finding {
  /** Stable across audits: kind, room, user, device and key. */
  id: string;
  kind: FindingKind;
  severity: Severity;
  roomId: string;
  userId: string;
  deviceId?: string;
  ed25519?: string;
  /** Epoch milliseconds when this finding was first seen by this account. */
  firstSeen: number;
  acknowledged: boolean;
}

export interface PolicyPreview {
  /** Devices that `OnlySignedDevicesIsolationMode` (MSC4153) would not send room keys to. */
  excludedDevices: { userId: string; deviceId: string }[];
  /** Users that would make sending fail under `AllDevicesIsolationMode(true)`. */
  failingUsers: string[];
}

export interface RoomAudit {
  roomId: string;
  /** Room name as the room's members set it: render as text only. */
  name: string;
  encrypted: boolean;
  shield: RoomShield;
  members: MemberTrust[];
  findings: Finding[];
  policyPreview: PolicyPreview;
}

export interface AuditReport {
  /** Report format version, documented in docs/report.md. */
  version: 1;
  generatedAt: number;
  account: { userId: string; deviceId: string };
  rooms: RoomAudit[];
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, notice: 1 };

/** Kinds of trust change kept in the history log (src/store/history.ts). */
export type TrustChangeKind =
  | "device-added"
  | "device-removed"
  | "device-signed"
  | "device-verified"
  | "identity-reset"
  | "user-verified"
  | "member-joined"
  | "member-left";

/** How a changed identity (new master key) was dealt with by the user. */
export type IdentityResolution =
  /** The user accepted the new identity (`pinCurrentUserIdentity`). */
  | "pinned"
  /** The user withdrew verification of the old identity (`withdrawVerificationRequirement`). */
  | "withdrawn"
  /** The user verified the new identity. */
  | "re-verified";
