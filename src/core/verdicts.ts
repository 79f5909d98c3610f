/**
 * The one vocabulary of trust verdicts. Every part (background, popup, badges, command line,
 * report) speaks these words; nothing else defines its own.
 */
import type { Problem, ProblemCounts } from "./problems.ts";

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

/** How a verdict reads at a glance: its colour and icon everywhere (popup tags, badges, shields). */
export type Tone = "good" | "neutral" | Severity;

export type FindingKind =
  | "verification-violation"
  | "identity-changed"
  | "unsigned-device-of-verified-user"
  | "unsigned-device"
  | "own-unverified-device"
  | "user-without-cross-signing"
  | "new-unverified-device"
  /** The member's shown name reads the same as another member's name or user ID (homoglyphs, invisible characters). */
  | "lookalike-name";

/** The raw facts a device verdict was derived from, kept so users can check our reasoning. */
export interface DeviceFacts {
  signedByOwner: boolean;
  crossSigningVerified: boolean;
  localVerified: boolean;
  /** The device is blacklisted on this session (never sent room keys). */
  blocked?: boolean;
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
  /**
   * Epoch milliseconds when this account's records first saw this device (this key) in this room.
   * Absent for devices without keys and in unencrypted rooms, where no sightings are kept.
   */
  firstSeen?: number;
}

export interface MemberTrust {
  userId: string;
  /** Chosen by the member: render as text only. */
  displayName: string | null;
  verdict: UserVerdict;
  /** The master key this session currently sees for the user, if any. */
  masterKey: string | null;
  devices: DeviceTrust[];
  /**
   * False when this session holds no device list for the user (`getUserDeviceInfo` omitted them);
   * Element then shows a warning shield if it needed the list.
   */
  devicesKnown: boolean;
  /** Epoch milliseconds when this account's records first saw the member in this room; absent in unencrypted rooms. */
  firstSeen?: number;
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
  /** For identity findings: the master key the finding is about (a later change is a new finding). */
  masterKey?: string;
  /** For "lookalike-name": the member whose name or user ID this member's name reads as. */
  lookalikeOf?: string;
  /** Epoch milliseconds when this finding was first seen by this account. */
  firstSeen: number;
  acknowledged: boolean;
}

export interface PolicyPreview {
  /** Devices that `OnlySignedDevicesIsolationMode` (MSC4153) would not send room keys to. */
  excludedDevices: { userId: string; deviceId: string }[];
  /** Users that would make sending fail under `AllDevicesIsolationMode(true)`. */
  failingUsers: string[];
  /** Users that would make sending fail under `OnlySignedDevicesIsolationMode` (verification violations). */
  onlySignedFailingUsers: string[];
  /**
   * Why `OnlySignedDevicesIsolationMode` could not send in this room at all from this session, or null:
   * it requires this account's own cross-signing identity, verified by this device.
   */
  onlySignedBlocked: null | "no-own-cross-signing" | "this-device-unverified";
}

export interface RoomAudit {
  roomId: string;
  /** Room name as the room's members set it: render as text only. */
  name: string;
  encrypted: boolean;
  /** Listed in the account's `m.direct` data: Element then never warns about the user's own devices. */
  isDirect: boolean;
  /** For unencrypted rooms Element shows no shield; this is then "normal" and there are no findings. */
  shield: RoomShield;
  members: MemberTrust[];
  findings: Finding[];
  policyPreview: PolicyPreview;
  /**
   * Set when an update of this room failed part-way (its records could not be written, a handler
   * threw): what is shown is from before, may be wrong, and the audit is retrying. Absent otherwise.
   */
  outOfDate?: { since: number };
}

export interface AuditReport {
  /** Report format version, documented in docs/report.md. */
  version: 1;
  generatedAt: number;
  account: {
    userId: string;
    deviceId: string;
    /**
     * Whether this device trusts the account's own cross-signing identity. When false, no other
     * user or device can be shown verified, and `trustCaveat` says why.
     */
    ownIdentityTrusted: boolean;
    trustCaveat: string | null;
  };
  /** Sorted by risk, riskiest first (see docs/report.md). */
  rooms: RoomAudit[];
  /** The rooms' findings grouped by subject (src/core/problems.ts), most severe first. */
  problems: Problem[];
  summary: ReportSummary;
}

export interface ReportSummary {
  rooms: number;
  encryptedRooms: number;
  findings: Record<Severity, number>;
  /** Findings not yet acknowledged. */
  unacknowledged: number;
  /** Problems per severity, and those not acknowledged: the count on the toolbar icon. */
  problems: ProblemCounts;
}

/** How far a full audit has got. */
export interface AuditProgress {
  roomsDone: number;
  roomsTotal: number;
}

/** Severity of each finding kind (rationale in docs/report.md). */
export const FINDING_SEVERITY: Record<FindingKind, Severity> = {
  "verification-violation": "critical",
  "unsigned-device-of-verified-user": "critical",
  "identity-changed": "warning",
  "own-unverified-device": "warning",
  "new-unverified-device": "warning",
  "lookalike-name": "warning",
  "unsigned-device": "notice",
  "user-without-cross-signing": "notice",
};

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
