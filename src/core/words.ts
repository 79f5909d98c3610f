/**
 * The product's trust vocabulary, defined once: verdicts, device verdicts, severities, finding kinds,
 * Element's shield and problem titles. The popup, the member-list badges, the command line and the
 * exports all say these words; none defines its own (test/node/core/words.test.ts holds them to it).
 * MSC4161 vocabulary: "digital identity", "verify", "reset" — no "cross-signing" on screen.
 */
import type { Problem } from "./problems.ts";
import type { DeviceVerdict, FindingKind, RoomShield, Severity, Tone, UserVerdict } from "./verdicts.ts";


export const USER_VERDICT_WORDS: Record<UserVerdict, string> = {
  me: "You",
  verified: "Verified",
  "verification-violation": "Was verified, identity changed",
  "identity-changed": "Identity changed",
  unverified: "Not verified",
  "no-cross-signing": "No digital identity",
};

/** A badge while the extension's session is locked with a passphrase: no verdict can be read. */
export const LOCKED_WORDS = "Locked: open Matrix Trust Auditor and enter your passphrase";

export const USER_VERDICT_TONE: Record<UserVerdict, Tone> = {
  me: "neutral",
  verified: "good",
  "verification-violation": "critical",
  "identity-changed": "warning",
  unverified: "neutral",
  "no-cross-signing": "notice",
};

export const DEVICE_VERDICT_WORDS: Record<DeviceVerdict, string> = {
  verified: "Verified",
  "locally-verified": "Verified on this session only",
  "cross-signed": "Signed by its owner, owner not verified",
  unsigned: "Not signed by its owner",
  "no-cross-signing": "Owner has no digital identity",
  "no-encryption": "No encryption keys",
};

export const DEVICE_VERDICT_TONE: Record<DeviceVerdict, Tone> = {
  verified: "good",
  "locally-verified": "good",
  "cross-signed": "neutral",
  unsigned: "warning",
  "no-cross-signing": "notice",
  "no-encryption": "neutral",
};

export const SEVERITY_WORDS: Record<Severity, string> = {
  critical: "Critical",
  warning: "Warning",
  notice: "Notice",
};

/** Element's room shield in words; "none" for rooms that are not encrypted. */
export const SHIELD_WORDS: Record<RoomShield | "none", string> = {
  verified: "Everyone verified",
  normal: "Not everyone verified",
  warning: "Trust broken",
  none: "No shield (not encrypted)",
};

/** The tone of each shield: its colour and the word beside it agree. */
export const SHIELD_TONE: Record<RoomShield | "none", Tone> = {
  verified: "good",
  normal: "neutral",
  warning: "critical",
  none: "neutral",
};

/** One finding, as a sentence about its subject (who is shown beside it). */
export const FINDING_WORDS: Record<FindingKind, string> = {
  "verification-violation": "You verified this person, but their digital identity changed since",
  "identity-changed": "Their digital identity changed",
  "unsigned-device-of-verified-user": "A verified person has a device they did not sign",
  "unsigned-device": "A device its owner did not sign",
  "own-unverified-device": "One of your own devices is not verified",
  "user-without-cross-signing": "This person has no digital identity",
  "new-unverified-device": "New device, not verified",
  "lookalike-name": "Their name looks like another member's name",
};

const counted = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * Findings counted on a member's badge ("2 unsigned devices"); null where the member's verdict
 * already says it. Two kinds may share words: the badge adds their counts.
 */
export const FINDING_COUNT_WORDS: Record<FindingKind, ((n: number) => string) | null> = {
  "verification-violation": null,
  "identity-changed": null,
  "user-without-cross-signing": null,
  "unsigned-device-of-verified-user": (n) => counted(n, "unsigned device", "unsigned devices"),
  "unsigned-device": (n) => counted(n, "unsigned device", "unsigned devices"),
  "own-unverified-device": (n) => counted(n, "unverified device of yours", "unverified devices of yours"),
  "new-unverified-device": (n) => (n === 1 ? "New device" : `${n} new devices`),
  "lookalike-name": () => "Name looks like another member's",
};

/**
 * A problem's title, leading with the person: "Bob's digital identity changed — you had verified them".
 * `who` is the person's shown name (other people's text: render it as text).
 */
export function problemTitle(problem: Pick<Problem, "subject" | "kinds">, who: string): string {
  const has = (kind: FindingKind) => problem.kinds.includes(kind);
  switch (problem.subject) {
    case "identity":
      return has("verification-violation") ? `${who}'s digital identity changed — you had verified them` : `${who}'s digital identity changed`;
    case "no-identity":
      return `${who} has no digital identity`;
    case "lookalike-name":
      return `${who}'s name looks like another member's`;
    case "device": {
      const device = has("new-unverified-device") ? "a new device" : "a device";
      if (has("own-unverified-device")) return has("new-unverified-device") ? "You have a new device that is not verified" : "You have a device that is not verified";
      if (has("unsigned-device-of-verified-user")) return `${who} has ${device} they did not sign — you verified them`;
      if (has("unsigned-device")) return `${who} has ${device} they did not sign`;
      return `${who} has a new device, not verified`;
    }
  }
}

/** A desktop alert's text (its title is the problem's severity and title). */
export const ALERT_WORDS = {
  message: (rooms: readonly string[]) =>
    `In ${rooms.slice(0, 3).join(", ")}${rooms.length > 3 ? ` and ${rooms.length - 3} more` : ""}. Open Matrix Trust Auditor to act on it.`,
} as const;

/** Headings and small words of the exports (Markdown, plain text, CSV). */
export const REPORT_WORDS = {
  title: "Matrix trust audit",
  account: "Account",
  generated: "Generated",
  problems: "Problems",
  noProblems: "No problems.",
  rooms: "Rooms",
  room: "Room",
  roomId: "Room ID",
  encrypted: "Encrypted",
  shield: "Shield",
  member: "Member",
  displayName: "Display name",
  userVerdict: "Person",
  device: "Device",
  deviceName: "Device name",
  fingerprint: "Fingerprint",
  deviceVerdict: "Device verdict",
  signedByOwner: "Signed by owner",
  crossSigningVerified: "Cross-signing verified",
  localVerified: "Verified locally",
  findings: "Findings",
  severity: "Severity",
  kind: "Kind",
  problem: "Problem",
  who: "Who",
  firstSeen: "First seen",
  acknowledged: "Acknowledged",
  direct: "direct message",
  devicesUnknown: "device list unknown",
  members: "Members",
  notEncrypted: "not encrypted",
  yes: "yes",
  no: "no",
  problemCount: (n: number) => counted(n, "problem", "problems"),
  findingCount: (n: number) => counted(n, "finding", "findings"),
  roomCount: (n: number) => counted(n, "room", "rooms"),
  deviceCount: (n: number) => counted(n, "device", "devices"),
  encryptedOf: (encrypted: number, rooms: number) => `${encrypted} encrypted of ${counted(rooms, "room", "rooms")}`,
  severityCounts: (c: Record<Severity, number>) => `${c.critical} critical, ${c.warning} warning, ${c.notice} notice`,
  open: (n: number) => `${n} not acknowledged`,
  inRooms: "in",
  policyBlocked: "\u201cExclude insecure devices\u201d could not send here:",
  policyExcluded: "\u201cExclude insecure devices\u201d would leave out:",
  policyStrict: "Strict mode would refuse to send because of:",
  looksLike: "looks like",
} as const;
