/**
 * Every word the popup shows, in one place, ready for translation. Components never hold text.
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
    pin: "Accept new identity",
    withdraw: "Withdraw verification",
    verifyUser: "Verify",
    verifyDevice: "Verify device",
    crossSign: "Verify this device of yours",
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
  },
  /** Trust words shared with the badges and the command line: src/core/words.ts. */
  shield: SHIELD_WORDS satisfies Record<RoomShield | "none", string>,
  room: {
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
  },
  settings: {
    title: "Settings",
    policyTitle: "Who gets your messages' keys",
    policy: {
      "all-devices": "All devices of the people in a room",
      "all-devices-strict": "All devices, but stop sending when a verified person's identity or device is in doubt",
      "only-cross-signed": "Only devices their owners signed (recommended by MSC4153)",
    } satisfies Record<IsolationPolicy, string>,
    originsTitle: "Element Web addresses for badges",
    originsHelp: "Badges always show on https://app.element.io. Add your own Element Web, e.g. https://element.example.org.",
    originAdd: "Add",
    originRemove: (origin: string) => `Remove ${origin}`,
    originInvalid: "Type an address such as https://element.example.org (https, no path).",
    originPlaceholder: "https://element.example.org",
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
  /** The sign-in form. */
  signIn: {
    title: "Sign in to audit your rooms",
    intro:
      "The auditor signs in as a new device of your account, so it can check who can read your encrypted rooms. Your password goes only to your homeserver.",
    homeserver: "Homeserver",
    homeserverHint: "A server name such as matrix.org, or the full address",
    user: "User name or Matrix ID",
    password: "Password",
    accessToken: "Access token",
    accessTokenHint:
      "For servers that only offer single sign-on: a token for a new device (never one of another app, whose encryption it would break).",
    useToken: "Use an access token instead",
    usePassword: "Use a password instead",
    resolving: "Looking up the homeserver…",
    resolvedTo: (baseUrl: string) => `Homeserver found: ${baseUrl}`,
    signIn: "Sign in",
    signingIn: "Signing in… (setting up encryption)",
    permissionRefused: (origin: string) =>
      `The extension needs your permission to talk to ${origin.replace(/\/\*$/, "")}. Nothing was stored; sign in again and allow it.`,
    permissionUnavailable: "The browser could not ask for permission to reach that homeserver. Nothing was stored.",
    homeserverPlaceholder: "matrix.org",
    userPlaceholder: "@alice:matrix.org",
  },
  /** The session status view (this session, sync, encryption, cross-signing). */
  sessionStatus: {
    title: "This session",
    user: "Signed in as",
    homeserver: "Homeserver",
    device: "This device",
    fingerprint: "Fingerprint (ed25519)",
    sync: "Sync",
    syncState: {
      syncing: "Up to date, following changes",
      "catching-up": "Catching up with the server…",
      offline: "Offline",
      stopped: "Stopped",
    },
    offlineSince: (when: string) => `Offline since ${when}`,
    lastError: "Last error",
    crypto: "Encryption",
    cryptoReady: "Ready",
    cryptoOpening: "Opening the encryption store…",
    crossSigning: "Digital identity",
    crossSigningReady: "Ready: this session is verified and can vouch for your devices",
    crossSigningNotReady: "This session is not verified yet: verify it to trust your other devices and people",
    facts: {
      publicKeysOnDevice: "Your digital identity's public keys are known here",
      privateKeysInSecretStorage: "Your private keys are kept in secret storage on the server",
      masterKey: "Master key cached here",
      selfSigningKey: "Self-signing key cached here",
      userSigningKey: "User-signing key cached here",
    },
    yes: "yes",
    no: "no",
  },
  /**
   * The identity screens (issue 6), in MSC4161's vocabulary: "digital identity", "recovery key",
   * "reset", "withdraw verification" — no "cross-signing" or "TOFU" on screen.
   */
  identity: {
    title: "Your digital identity",
    intro:
      "Your digital identity lets your devices vouch for each other and for the people you verify. This audit can only tell verified people from impostors once this session is verified with it.",
    facts: {
      label: "Details",
      identityPublished: "Your account has a digital identity",
      sessionVerified: "This session is verified with it",
      recoverySetUp: "A recovery key protects it",
      keysInStorage: "Its keys are stored, locked by your recovery key",
      keysHere: "Its keys are on this session",
      yes: "Yes",
      no: "No",
    },
    recover: {
      heading: "Verify with your recovery key",
      help: "Enter your recovery key (48 letters and digits, in groups of four) or the passphrase you chose for it. It is used once and never stored.",
      label: "Recovery key or passphrase",
      submit: "Verify this session",
      done: "This session is verified.",
    },
    otherDevice: {
      heading: "Verify with another of your devices",
      help: "Open Element (or another app) on a device that is already verified; it will ask you to compare seven emoji.",
      start: "Send a request to my other devices",
    },
    setup: {
      heading: "Set up your digital identity",
      help: "Creates your digital identity and a recovery key that protects it. You will need the recovery key to verify new sessions.",
      start: "Set up",
      finish: "Finish set-up",
    },
    reset: {
      heading: "Reset your digital identity",
      warning:
        "Only reset if you lost your recovery key and have no other verified device. Everyone who verified you will see a warning and must verify you again, and your other devices become unverified until you verify them again.",
      understand: "I understand: replace my digital identity and recovery key",
      start: "Reset…",
      finish: "Reset my identity",
    },
    key: {
      heading: "Your new recovery key",
      onlyOnce: "This is the only time it is shown. Save it somewhere safe (a password manager, or printed and stored away).",
      copy: "Copy",
      copied: "Copied",
      download: "Download as a file",
      saved: "I saved my recovery key",
      password: "Account password",
      passwordHelp: "Your server may ask for it to confirm the change.",
      abandon: "Cancel",
    /** The downloaded recovery key's file. */
    fileName: "matrix-recovery-key.txt",
    fileText: (recoveryKey: string) => `Matrix recovery key\n\n${recoveryKey}\n\nKeep it safe: it unlocks your digital identity.\n`,
    },
    prompt: {
      heading: "Your recovery key is needed",
      help: "The encryption asked for your recovery key to read your stored identity keys.",
      submit: "Use this key",
      decline: "Not now",
    },
    incoming: {
      heading: "Verification requests",
      open: "Open",
      fromOwnDevice: "Another of your devices",
    },
    change: {
      title: "Digital identity changed",
      changed: "This person's digital identity is not the one you saw before.",
      violation: "You had verified this person, but their digital identity changed since. Messages to them may fail until you deal with it.",
      settled: "Nothing to resolve: you have accepted or verified this person's current identity.",
      why: "This happens when someone resets their identity (for example after losing their recovery key), or when someone else is posing as them. If you can, ask them in person or by another channel, then verify them again by emoji.",
      currentKey: "Their identity key now",
      accept: "Accept new identity",
      withdraw: "Withdraw verification",
    },
    /** The account card's way in. */
    link: { verify: "Verify this session", manage: "Your digital identity" },
    done: "Done.",
    loading: "Loading…",
  },
  /** The passphrase lock (Settings, and the screen shown while locked). */
  lock: {
    title: "Passphrase lock",
    lockedTitle: "Matrix Trust Auditor is locked",
    lockedIntro: (userId: string) =>
      `Your session as ${userId} is locked: nothing is synced or audited, and badges on Element say "locked". Enter your passphrase to continue.`,
    passphrase: "Passphrase",
    unlock: "Unlock",
    unlocking: "Unlocking…",
    forgotTitle: "Forgot your passphrase?",
    forgotHelp:
      "Nobody can recover it. Sign out here and sign in again: this deletes this session's data in this browser. Its device cannot be signed out on the server while locked, so remove it from your account in another app afterwards.",
    forgotSignOut: "Sign out of the locked session",
    protection: {
      "data-key":
        "Your access token and this session's keys are encrypted, but with a key stored beside them in this browser profile. That stops tools that scan profiles for tokens; it does not stop someone who can read the whole profile. A passphrase keeps the key out of the profile.",
      passphrase:
        "Your access token and this session's keys are encrypted with a key that is stored only wrapped with your passphrase. After the browser restarts, the auditor stays locked until you enter it.",
      unencrypted:
        "This session was signed in by an earlier version: its access token and keys are stored unencrypted, and they cannot be locked where they are. To use a passphrase, sign in again; your findings and history are kept.",
    },
    warning:
      "If you forget this passphrase, nobody can recover it: you will have to sign in again (your findings and history are kept, the session's keys are not).",
    newPassphrase: "New passphrase",
    repeat: "Repeat the passphrase",
    current: "Current passphrase",
    mismatch: "The two passphrases differ.",
    set: "Set passphrase",
    change: "Change passphrase",
    remove: "Remove passphrase",
    lockNow: "Lock now",
    signInAgain: "Sign in again (keeps findings and history)",
    setDone: "Passphrase set. The auditor locks when the browser restarts, or now with \"Lock now\".",
    changeDone: "Passphrase changed.",
    removeDone: "Passphrase removed. The key is kept in this browser profile again.",
  },
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
