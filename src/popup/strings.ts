/**
 * Every word the popup shows, in one place, ready for translation. Components never hold text.
 * The words of screens that load when first shown are beside it, in screen-words/ (the popup opens
 * without them).
 * Plain strings, or functions for text with numbers or names in it; plurals go through `plural`.
 * Vocabulary follows MSC4161 ("digital identity", "withdraw verification"), avoiding jargon on screen.
 */
import type { DeviceVerdict, FindingKind, RoomShield, Severity, TrustChangeKind, UserVerdict } from "../core/verdicts.ts";
import type { IsolationPolicy } from "../protocol/messages.ts";
import { DEVICE_VERDICT_WORDS, FINDING_WORDS, REPORT_WORDS, SEVERITY_WORDS, SHIELD_WORDS, USER_VERDICT_WORDS } from "../core/words.ts";

export const LOCALE = "en";

const pluralRules = new Intl.PluralRules(LOCALE);

/** Picks the plural form for n and puts n in it. */
export function plural(n: number, forms: { one: string; other: string }): string {
  const form = pluralRules.select(n) === "one" ? forms.one : forms.other;
  return form.replace("{n}", n.toLocaleString(LOCALE));
}

export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(LOCALE, { dateStyle: "medium", timeStyle: "short" });
}

/** Day and time, with the year only when it is not this year: for lists. */
export function formatShortTime(epochMs: number): string {
  const date = new Date(epochMs);
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return date.toLocaleString(LOCALE, { month: "short", day: "numeric", ...(sameYear ? {} : { year: "numeric" }), hour: "numeric", minute: "2-digit" });
}

export const S = {
  appName: "Matrix Trust Auditor",
  loading: "Loading…",
  back: "Back",
  nav: {
    label: "Sections",
    overview: "Overview",
    history: "History",
    settings: "Settings",
  },
  errors: {
    title: "Something went wrong",
    retry: "Try again",
    noReport: "No audit yet. The first audit starts as soon as this session has synced.",
    roomGone: "This room is not in the latest audit any more.",
    /** `reason`: the store's plain words (a sentence). */
    recordsNotSaved: (reason: string) => `Your records could not be saved: ${reason} Export them from Settings before clearing space.`,
    recordsNotSavedSince: (since: string) => `Since ${since}.`,
    recordsExportLink: "Export the records",
    /** `reason`: the browser's words. */
    screenNotLoaded: (reason: string) => `This screen could not be opened (${reason}). Reload the extension and try again.`,
  },
  account: {
    label: "Your account",
    device: (deviceId: string) => `This session: ${deviceId}`,
    trusted: "This session trusts your digital identity.",
    notTrusted: "This session is not verified yet, so nobody else can be shown as verified.",
    auditedAt: (time: string) => `Audited ${time}`,
    reaudit: "Audit again",
    offline: (since: string) => `Offline since ${since}; showing the last audit.`,
    /** The way to the digital identity screen. */
    identityLink: { verify: "Verify this session", manage: "Your digital identity" },
  },
  progress: {
    label: "Audit in progress",
    text: (done: number, total: number) => `Auditing rooms: ${done} of ${total}`,
  },
  inbox: {
    title: "Needs your attention",
    empty: "Nothing new. Every problem has been acknowledged.",
    count: { one: "{n} problem", other: "{n} problems" },
    showFewer: "Show fewer",
    /** Followed by the room's name. */
    inRoom: "in ",
    /** Between room names when a finding applies in several rooms: "in Ops, Project Falcon". */
    roomSeparator: ", ",
    moreRooms: (n: number) => ` and ${n} more`,
    more: (n: number) => `Show ${n} more`,
    firstSeen: (time: string) => `First seen ${time}`,
  },
  actions: {
    acknowledge: "Acknowledge",
    acknowledgeLabel: (what: string) => `Acknowledge: ${what}`,
    /** Opens the identity-change screen, which shows the new key before anything is accepted. */
    reviewIdentity: "Review the change",
    verifyUser: "Verify",
    verifyDevice: "Verify device",
    /** Opens the own-device screen (emoji or key comparison); nothing is signed in one click. */
    verifyOwnDevice: "Is this device yours? Check it",
    working: "Working…",
    done: "Done.",
  },
  rooms: {
    title: "Rooms",
    filter: "Filter rooms by name",
    filterPlaceholder: "Filter by name",
    none: "No rooms match.",
    empty: "You are in no rooms yet.",
    notEncrypted: "Not encrypted",
    direct: "Direct message",
    members: { one: "{n} member", other: "{n} members" },
    verified: (n: number) => `${n} verified`,
    problems: { one: "{n} problem", other: "{n} problems" },
    devices: { one: "{n} device", other: "{n} devices" },
    open: (name: string) => `Open room ${name}`,
    /** The room's last update failed; it is retried by itself. */
    outOfDate: "Out of date",
  },
  /** Trust words shared with the badges and the command line: src/core/words.ts. */
  shield: SHIELD_WORDS satisfies Record<RoomShield | "none", string>,
  room: {
    outOfDate: (since: string) =>
      `Out of date since ${since}: the last check of this room failed and is being retried. What is shown below is from before and may be wrong.`,
    membersTitle: "Members",
    findingsTitle: "Problems in this room",
    noFindings: "No problems in this room.",
    expand: (name: string) => `Show devices of ${name}`,
    collapse: (name: string) => `Hide devices of ${name}`,
    devicesUnknown: "This session has no device list for this person yet.",
    noDevices: "No devices.",
    policyTitle: "If you only shared keys with devices their owners signed",
    policyExcluded: { one: "{n} device would be left out:", other: "{n} devices would be left out:" },
    policyNoneExcluded: "No device would be left out.",
    policyFailing: "Sending would fail because of:",
    policyBlocked: {
      "no-own-cross-signing": "You could not send here at all: your account has no digital identity yet.",
      "this-device-unverified": "You could not send here at all: this session is not verified.",
    },
    policyStrictFailing: "With “warn about verified people”, sending would fail because of:",
  },
  device: {
    displayName: "Name",
    deviceId: "Device ID",
    fingerprint: "Fingerprint (ed25519)",
    noKeys: "No keys published",
    facts: "Facts",
    signedByOwner: "Signed by its owner",
    crossSigningVerified: "Verified via the owner's identity",
    localVerified: "Verified by hand here",
    yes: "yes",
    no: "no",
    verdict: "Verdict",
    firstSeen: "First seen",
    unnamed: "(no name)",
  },
  verifyUser: {
    needsDm: (who: string) => `You have no direct chat with ${who}. Verification happens in one.`,
    createDm: "Start a direct chat and verify",
  },
  flow: {
    title: "Verify by emoji",
    with: "With",
    own: "Another of your devices",
    step: {
      requested: "Waiting for the other side to accept…",
      incoming: "Verification requested. Accept to compare emoji.",
      ready: "Both sides are ready. Start comparing.",
      comparing: "Check that the other side shows the same emoji in the same order.",
      "qr-scanned": "The other device says it scanned your code. Did it?",
      confirmed: "You confirmed. Waiting for the other side…",
      done: "Verified.",
      failed: "The verification did not finish.",
    },
    accept: "Accept",
    start: "Compare emoji",
    confirm: "They match",
    mismatch: "They don't match",
    cancel: "Cancel",
    unknown: "This verification is no longer known to the extension.",
    qrHelp: "Or scan this code with the other device (Element: “Scan QR code”):",
    qrLabel: "This device's verification code",
    qrConfirm: "Yes, it scanned my code",
  },
  verifyDevice: {
    title: "Verify a device",
    intro: "Compare this fingerprint with the one shown in the device's own settings. Only mark it verified if every group matches.",
    owner: "Owner",
    confirm: "The fingerprints match: mark as verified",
    unmark: "Mark as not verified",
    cancel: "Cancel",
  },
  history: {
    title: "History",
    filterRoom: "Room",
    filterUser: "User",
    anyRoom: "All rooms",
    anyUser: "All people",
    empty: "No trust changes recorded yet.",
    more: "Show older",
    userPlaceholder: "@someone:example.org",
    invalidUser: "Type a full user ID such as @someone:example.org.",
    /** One row for the members a room had when first audited (or who joined at one moment). */
    members: (n: number) => plural(n, { one: "{n} member, when first seen or joined", other: "{n} members, when first seen or joined" }),
  },
  settings: {
    title: "Settings",
    /** The isolation mode applies to the extension's own session only, which never sends messages. */
    policyTitle: "This extension's own session",
    policyScope:
      "These modes decide which devices this extension's own session would share room keys with. It never sends messages, so this changes nothing about who can read yours: the app you write with (Element) decides that with its own setting. What Element would do under each mode, in your rooms now:",
    policyPreviewNone: "No audit yet: the preview appears after the first audit.",
    policyEffect: {
      "all-devices": () => "Shares keys with every device of the people in your rooms.",
      "all-devices-strict": (rooms: number) =>
        rooms === 0 ? "Sending works in every room." : `Sending would fail in ${rooms === 1 ? "1 room" : `${rooms} rooms`} (a verified person's identity or device in doubt).`,
      "only-cross-signed": (devices: number, rooms: number) =>
        `${devices === 1 ? "1 device" : `${devices} devices`} would get no keys` + (rooms === 0 ? "." : `; sending would fail in ${rooms === 1 ? "1 room" : `${rooms} rooms`}.`),
    },
    policy: {
      "all-devices": "All devices of the people in a room",
      "all-devices-strict": "All devices, but stop sending when a verified person's identity or device is in doubt",
      "only-cross-signed": "Only devices their owners signed (recommended by MSC4153)",
    } satisfies Record<IsolationPolicy, string>,
    alerts: {
      title: "Desktop alerts",
      help: "A notification when a new problem appears, once per problem. Nothing already listed alerts.",
      enabled: "Alert me to new critical problems",
      warnings: "Also to new warnings",
      scope: "Which rooms",
      allRooms: "All rooms",
      watchedRooms: "Only rooms I watch",
    },
    originsTitle: "Element Web addresses for badges",
    originsHelp: "Badges always show on https://app.element.io. Add your own Element Web, e.g. https://element.example.org.",
    originAdd: "Add",
    originRemove: (origin: string) => `Remove ${origin}`,
    originInvalid: "Type an address such as https://element.example.org (https, no path).",
    originPlaceholder: "https://element.example.org",
    holdTitle: "Before you send in Element",
    holdLabel: "Ask \u201cSend anyway?\u201d while a verified person has a device they did not sign",
    holdHelp:
      "The auditor shows a warning above Element's message box when a room has devices you were not told about. " +
      "With this on, pressing Enter or Send first asks you to confirm while that warning shows a verified person's unsigned device. " +
      "Your text is never changed. With it off, the auditor never touches Element's sending.",
    retentionTitle: "Keep history for",
    retentionDays: { one: "{n} day", other: "{n} days" },
    saved: "Saved.",
    exportTitle: "Export the audit",
    exportJson: "JSON",
    exportCsv: "CSV",
    exportMarkdown: "Markdown",
    exportNothing: "There is no audit to export yet.",
    signOutTitle: "Sign out",
    signOutHelp: "Signs this session out, removes its device from your account and deletes everything stored here.",
    signOut: "Sign out",
    signOutConfirm: "Sign out and delete this session's data?",
    signOutServerFailed: "Signed out here. The server could not be reached, so this device may still be listed in your account.",
    exportRecordsHelp: "Every finding, identity change and history entry kept for your account, as JSON. Export them before clearing browser data or signing out.",
    exportRecords: "Records (JSON)",
  },
  userVerdict: USER_VERDICT_WORDS satisfies Record<UserVerdict, string>,
  deviceVerdict: DEVICE_VERDICT_WORDS satisfies Record<DeviceVerdict, string>,
  severity: SEVERITY_WORDS satisfies Record<Severity, string>,
  finding: FINDING_WORDS satisfies Record<FindingKind, string>,
  findingDevice: (deviceId: string) => `Device ${deviceId}`,
  /** Followed by the other member's name and ID. */
  looksLike: "Looks like ",
  change: {
    "device-added": "Device added",
    "device-removed": "Device removed",
    "device-signed": "Device signed by its owner",
    "device-verified": "Device verified",
    "identity-reset": "Digital identity reset",
    "user-verified": "Person verified",
    "member-joined": "Joined an encrypted room",
    "member-left": "Left an encrypted room",
  } satisfies Record<TrustChangeKind, string>,
  exportHeadings: REPORT_WORDS,
  /** The short privacy statement shown before sign-in (the full one is PRIVACY.md). */
  privacy: {
    title: "Privacy",
    short:
      "The auditor talks only to your homeserver: no telemetry, no other servers. It signs in as a new device of your account, so like any device it receives the keys of your encrypted rooms; they stay in this browser, encrypted. Findings and history stay here too.",
    more: "Full privacy statement",
  },
  /** Shown while signed out: whether the background answers. */
  backgroundStatus: {
    waking: "Waking the background…",
    crypto: "Crypto",
    storage: "Storage",
    starts: "Background starts",
    ready: "ready",
    failed: "failed",
  },
} as const;
