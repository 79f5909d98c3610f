/**
 * The one table of messages between the popup, the content script and the background.
 * Each entry names its request, its answer, who may send it, and how the request is checked.
 * The background answers only messages that pass `parseRequest`; everything else is refused as data.
 */
import type { AlertSettings } from "../core/alerts.ts";
import type { AuditReport, UserVerdict, DeviceVerdict, FindingKind, Severity, TrustChangeKind, AuditProgress } from "../core/verdicts.ts";
import type { IdentityStatus } from "../core/verification/status.ts";
import type { FlowSnapshot } from "../core/verification/sas-flow.ts";
import type { TrustReadPath } from "../core/olm-machine-adapter.ts";
import type { KeyPrompt } from "../core/verification/secret-key-broker.ts";
import type { DeviceFingerprint } from "../core/verification/devices.ts";
import type { UserIdentityState } from "../core/verification/identity.ts";
import {
  type Guard,
  isEmpty,
  isObject,
  isString,
  isOptional,
  isArrayOf,
  isUserId,
  isRoomRef,
  isRecord,
  isDeviceId,
  isFindingId,
  isOneOf,
  isIntegerIn,
  isOrigin,
  isEd25519Key,
} from "./guards.ts";

/** Who sent a message, as the background determines it from the browser's sender info (never from the message). */
export type SenderRole = "extension-page" | "content-script";

export interface BackgroundInfo {
  /** How many times the background has started in this profile (persisted): detects worker restarts. */
  bootCount: number;
  cryptoWasmReady: boolean;
  storageReady: boolean;
}

export interface SignInRequest {
  /** A server name resolved through /.well-known/matrix/client, or a full https:// or http:// URL. */
  homeserver: string;
  /** A full user ID or a localpart. */
  user?: string;
  password?: string;
  /** For SSO-only servers: an access token obtained elsewhere. */
  accessToken?: string;
  /** Locks the new session with this passphrase from the start: its data key is never stored unwrapped. */
  passphrase?: string;
}

/** Where a typed homeserver really is, and the host permission the popup must ask for before signing in. */
export interface ResolvedHomeserver {
  /** The client API's base URL, checked with /_matrix/client/versions. */
  baseUrl: string;
  /** The pattern for `permissions.request({ origins: [permissionOrigin] })`, e.g. "https://matrix.example.org/*". */
  permissionOrigin: string;
}

/**
 * How the session's secrets are kept at rest: `data-key` (encrypted, the key beside them in the
 * extension's storage), `passphrase` (the key wrapped with the user's passphrase), `unencrypted` (a
 * session signed in by a release before the data key; the lock needs a new sign-in).
 */
export type SessionProtection = "data-key" | "passphrase" | "unencrypted";

export interface SessionStatus {
  signedIn: boolean;
  /** True while the passphrase is needed (after a browser restart or "Lock now"): no sync, no audit. */
  locked?: boolean;
  protection?: SessionProtection;
  userId?: string;
  homeserverUrl?: string;
  deviceId?: string;
  ed25519?: string;
  sync?: { state: "syncing" | "catching-up" | "offline" | "stopped"; offlineSince?: number; lastError?: string };
  /** False while the Rust crypto store is still opening after a wake-up (the rest comes from stored state). */
  cryptoReady?: boolean;
  /** Diagnostics: milliseconds from this background's start to its first session answer and to crypto ready. */
  wake?: { firstAnswerMs?: number; cryptoReadyMs?: number };
  /** Diagnostics of this background's audit; absent before its first audit. */
  audit?: AuditDiagnostics;
  crossSigningReady?: boolean;
  crossSigning?: {
    publicKeysOnDevice: boolean;
    privateKeysInSecretStorage: boolean;
    privateKeysCachedLocally: { masterKey: boolean; selfSigningKey: boolean; userSigningKey: boolean };
  };
}

/** A badge's verdict: the audit's, or "locked" while the passphrase lock is on (the content script's own). */
export type BadgeVerdict = UserVerdict | "locked";

/** How the audit ran: which way it read trust (the Rust crypto's fast path, or the public API and why), and how long its last full audit took. */
export interface AuditDiagnostics {
  trustReading: TrustReadPath;
  /** Milliseconds the last full audit took in the background (reading trust and building the report). */
  lastFullAuditMs?: number;
}

/** What a content script may learn: per user ID it sees, the verdict and the findings about them. */
export interface MemberBadge {
  userId: string;
  verdict: BadgeVerdict;
  /** The room's findings about this user, counted per kind, with the audit's severity for that kind. */
  findings: { kind: FindingKind; severity: Severity; count: number }[];
  /** Only for the user named in `devicesOf` (Element's user view no longer lists sessions). */
  devices?: BadgeDevice[];
  /** The room's last update failed and is being retried: the verdict is the last known one, not current. */
  outOfDate?: true;
}

/** One session of a member, as the right panel's badge lists it: no keys. */
export interface BadgeDevice {
  deviceId: string;
  /** Chosen by the device's owner: render as text only. */
  displayName: string | null;
  verdict: DeviceVerdict;
}

export interface BadgesRequest {
  room: string;
  userIds: string[];
  /** One of `userIds` whose sessions to list too (the member shown in the right panel). */
  devicesOf?: string;
}

/** The audit's isolation policy (issue 6), applied with `setDeviceIsolationMode`. */
export type IsolationPolicy =
  /** `AllDevicesIsolationMode(false)`: share keys with every device. */
  | "all-devices"
  /** `AllDevicesIsolationMode(true)`: every device, but sending fails on verified-user problems. */
  | "all-devices-strict"
  /** `OnlySignedDevicesIsolationMode` (MSC4153): only devices their owner cross-signed. */
  | "only-cross-signed";

export const ISOLATION_POLICIES: readonly IsolationPolicy[] = ["all-devices", "all-devices-strict", "only-cross-signed"];

export interface Settings {
  isolationPolicy: IsolationPolicy;
  /** Extra Element Web origins for badges (https://app.element.io is always on). */
  elementOrigins: string[];
  /** History older than this many days is deleted. */
  historyRetentionDays: number;
  /** Desktop alerts for new problems (src/core/alerts.ts); off by default. */
  alerts: AlertSettings;
}

/** One entry of the trust-change log as the popup receives it (the store's record without its account). */
export interface HistoryItem {
  seq: number;
  at: number;
  kind: TrustChangeKind;
  roomId?: string;
  userId: string;
  deviceId?: string;
  /** May quote other users' strings: render as text only. */
  detail: string;
}

export interface HistoryQuery {
  /** Only this room (ID). */
  room?: string;
  /** Only this user. */
  user?: string;
  /** Only entries with `seq` below this (paging backwards, newest first). */
  before?: number;
  limit: number;
}

/** Why the background's writes of the records fail (quota, a blocked or closed database); null once one succeeds again. */
export type StorageProblemKind = "quota" | "blocked" | "closed" | "version" | "other";
export interface StorageProblem {
  kind: StorageProblemKind;
  /** The store's plain words: what happened and what to do. */
  message: string;
  /** When the writes started failing (epoch milliseconds). */
  since: number;
}

/** Every record of the signed-in account (findings, identity changes, history) in the store's export format, as JSON text. */
export interface RecordsExport {
  exportedAt: number;
  json: string;
}

/** What the popup can do with an emoji verification, depending on its step (issue 6). */
export type FlowAction = "accept" | "start" | "confirm" | "mismatch" | "cancel";
export const FLOW_ACTIONS: readonly FlowAction[] = ["accept", "start", "confirm", "mismatch", "cancel"];

export interface SetupFinishRequest {
  setupId: string;
  /** The account password, for servers that ask for it when identity keys are uploaded. */
  password?: string;
  /** The user ticked "I saved my recovery key". */
  savedRecoveryKey: true;
  /** For a reset: the user confirmed the warned replacement of their identity. */
  confirmReset?: boolean;
}

/** A decision about a person's identity, bound to the master key the user was shown. */
export interface IdentityDecision {
  userId: string;
  masterKey: string;
}

export interface MessageTable {
  ping: { request: Record<string, never>; response: BackgroundInfo };
  "session.status": { request: Record<string, never>; response: SessionStatus };
  "session.signIn": { request: SignInRequest; response: SessionStatus };
  /** `keepRecords`: keep the account's findings and history (signing in again, e.g. to use the lock). */
  "session.signOut": { request: { keepRecords?: boolean }; response: { serverLogoutFailed: boolean } };
  /** Unlocks a passphrase-locked session (a wrong passphrase changes nothing). */
  "session.unlock": { request: { passphrase: string }; response: SessionStatus };
  /** Locks now: the client stops and the unwrapped key is forgotten. */
  "session.lock": { request: Record<string, never>; response: SessionStatus };
  /** Sets the passphrase, or changes it (`current` required then); re-wraps the data key only. */
  "session.setPassphrase": { request: { passphrase: string; current?: string }; response: SessionStatus };
  /** Removes the passphrase (the data key is kept in the extension's storage again). */
  "session.removePassphrase": { request: { current: string }; response: SessionStatus };
  /** Resolves a server name or URL for the sign-in form, which then asks for its host permission. */
  "session.resolveHomeserver": { request: { homeserver: string }; response: ResolvedHomeserver };
  "audit.report": { request: Record<string, never>; response: AuditReport | null };
  "content.badges": {
    request: BadgesRequest;
    response: { roomId: string; members: MemberBadge[] };
  };
  /**
   * Whether the Element tab's signed-in user (Element's `mx_user_id`) is this extension's account:
   * the content script shows badges, and asks anything else, only then. Answers yes or no, never the account.
   */
  "content.sameAccount": { request: { userId: string }; response: { same: boolean } };
  /** Starts a full audit now; progress and the new report arrive on the popup port. */
  "audit.run": { request: Record<string, never>; response: { started: boolean } };
  /** Marks findings as seen and dealt with; answers how many were newly acknowledged. */
  "audit.acknowledge": { request: { findingIds: string[] }; response: { acknowledged: number } };
  "history.list": { request: HistoryQuery; response: { entries: HistoryItem[]; more: boolean } };
  "settings.get": { request: Record<string, never>; response: Settings };
  /** Why the background's record writes fail now, or null (the popup shows it on the overview). */
  "audit.storage": { request: Record<string, never>; response: StorageProblem | null };
  /** Exports the account's records; it only reads, so it works while writes fail. */
  "records.export": { request: Record<string, never>; response: RecordsExport };
  /** Changes the given settings only; answers all settings as they now are. */
  "settings.set": { request: Partial<Settings>; response: Settings };
  /**
   * Accepts a user's new identity (`pinCurrentUserIdentity`). `masterKey`: the key the popup showed;
   * if the user's current master key differs (the server swapped it again), nothing is accepted.
   */
  "identity.pin": { request: IdentityDecision; response: Record<string, never> };
  /** Withdraws the verification requirement after a violation (`withdrawVerificationRequirement`); bound to `masterKey` as `identity.pin`. */
  "identity.withdraw": { request: IdentityDecision; response: Record<string, never> };
  /** Starts an emoji verification with a user (issue 6); the flow continues in its own messages. */
  "verification.requestUser": {
    /** `createDm`: the user agreed to a new direct chat when there is none (else the answer is `needs-dm`). */
    request: { userId: string; roomId?: string; createDm?: boolean };
    response: { flowId: string };
  };
  /** Marks a device verified (or not) by hand after comparing its fingerprint (`setDeviceVerified`). */
  "device.setVerified": {
    /** `ed25519`: the fingerprint the user compared; if the device's key differs, nothing is marked. */
    request: { userId: string; deviceId: string; verified: boolean; ed25519: string };
    response: Record<string, never>;
  };
  /**
   * Signs one of the account's own devices with its identity (`crossSignDevice`) after the user
   * compared its fingerprint with the one the device itself shows. `ed25519`: the compared key; if
   * the device's key differs, nothing is signed.
   */
  "device.crossSign": { request: { deviceId: string; ed25519: string }; response: Record<string, never> };
  /** Starts an emoji verification with one of the account's own devices (`requestDeviceVerification`); the SDK signs it once the emoji match. */
  "verification.requestOwnDevice": { request: { deviceId: string }; response: { flowId: string } };
  /** Issue 6: this account's digital identity and this session's standing, in plain words. */
  "verification.status": { request: Record<string, never>; response: IdentityStatus };
  /** Verifies this session with the recovery key or its passphrase (held in memory only for this call). */
  "verification.recover": { request: { recoveryKey: string }; response: IdentityStatus };
  /** Makes a new recovery key to show once; nothing changes on the account until `setup.finish`. */
  "verification.setup.begin": { request: { reset: boolean }; response: { setupId: string; recoveryKey: string } };
  "verification.setup.finish": { request: SetupFinishRequest; response: IdentityStatus };
  /** Forgets a recovery key made by `setup.begin` that will not be used. */
  "verification.setup.abandon": { request: { setupId: string }; response: Record<string, never> };
  /** Asks my other devices to verify this session by emoji (`requestOwnUserVerification`). */
  "verification.verifyThisSession": { request: Record<string, never>; response: FlowSnapshot };
  /** Emoji verifications under way or just ended, and a pending request for the recovery key. */
  "verification.flows": { request: Record<string, never>; response: { flows: FlowSnapshot[]; keyPrompt: KeyPrompt | null } };
  "verification.flowAction": { request: { flowId: string; action: FlowAction }; response: FlowSnapshot };
  /** Answers the SDK's request for the recovery key (a wrong key is refused and the request stays open). */
  "verification.keyPrompt.answer": { request: { promptId: string; recoveryKey: string }; response: Record<string, never> };
  "verification.keyPrompt.decline": { request: { promptId: string }; response: Record<string, never> };
  /** How this session sees a person's identity: verified, changed since accepted, verified before (issue 6). */
  "identity.get": { request: { userId: string }; response: UserIdentityState };
  /** A device's ed25519 fingerprint in groups, for comparing out of band before `device.setVerified`. */
  "device.fingerprint": { request: { userId: string; deviceId: string }; response: DeviceFingerprint };
}

/**
 * The push channel to an open popup. The popup opens `runtime.connect({ name: POPUP_PORT_NAME })`;
 * the background accepts the port only from its own extension pages and posts a `PopupPush` whenever
 * the report, the audit's progress or the session changes. The popup still asks `audit.report` first
 * (the stored snapshot) so it paints at once; pushes only bring it up to date. The port carries
 * nothing from the popup to the background.
 */
export const POPUP_PORT_NAME = "popup";

export type PopupPush =
  | { type: "audit.report"; report: AuditReport | null }
  /** A running audit's progress; `roomsDone === roomsTotal` when it has finished. */
  | { type: "audit.progress"; progress: AuditProgress }
  | { type: "session.status"; status: SessionStatus }
  /** The record writes started or stopped failing. */
  | { type: "audit.storage"; problem: StorageProblem | null };

/**
 * The background's note to a content script (`tabs.sendMessage`) that a room's audit changed; the
 * content script then asks `content.badges` again. It carries no verdicts, so it is safe to ignore.
 */
export const BADGES_CHANGED = "content.badgesChanged";
export interface BadgesChangedPush {
  type: typeof BADGES_CHANGED;
  roomId: string;
}

/**
 * The background's note to every tab (`tabs.sendMessage`) that the extension's session changed:
 * signed out, another account signed in, or locked. Content scripts then remove every badge and cached
 * verdict at once and check again whether the tab is signed in as the account. It carries no data.
 */
export const SESSION_CHANGED = "content.sessionChanged";
export interface SessionChangedPush {
  type: typeof SESSION_CHANGED;
}

export type MessageType = keyof MessageTable;
export type RequestOf<T extends MessageType> = MessageTable[T]["request"];
export type ResponseOf<T extends MessageType> = MessageTable[T]["response"];

interface Rule<T extends MessageType> {
  guard: Guard<RequestOf<T>>;
  allowed: readonly SenderRole[];
}

const PAGES = ["extension-page"] as const;

const isBoolean: Guard<boolean> = (v): v is boolean => typeof v === "boolean";

// Built in a function marked pure, so a bundle that only needs this file's types and constants (the
// popup, the content script) leaves the table and its guards out.
const RULES: { [T in MessageType]: Rule<T> } = /* @__PURE__ */ (() => ({
  ping: { guard: isEmpty, allowed: ["extension-page", "content-script"] },
  "session.status": { guard: isEmpty, allowed: PAGES },
  "session.signIn": {
    guard: isObject<SignInRequest>({
      homeserver: isString(2048),
      user: isOptional(isString(255)),
      password: isOptional(isString(1024)),
      accessToken: isOptional(isString(4096)),
      passphrase: isOptional(isString(1024)),
    }),
    allowed: PAGES,
  },
  "session.signOut": { guard: isObject<{ keepRecords?: boolean }>({ keepRecords: isOptional(isBoolean) }), allowed: PAGES },
  "session.unlock": { guard: isObject<{ passphrase: string }>({ passphrase: isString(1024) }), allowed: PAGES },
  "session.lock": { guard: isEmpty, allowed: PAGES },
  "session.setPassphrase": {
    guard: isObject<{ passphrase: string; current?: string }>({ passphrase: isString(1024), current: isOptional(isString(1024)) }),
    allowed: PAGES,
  },
  "session.removePassphrase": { guard: isObject<{ current: string }>({ current: isString(1024) }), allowed: PAGES },
  "session.resolveHomeserver": {
    guard: isObject<{ homeserver: string }>({ homeserver: isString(2048) }),
    allowed: PAGES,
  },
  "audit.report": { guard: isEmpty, allowed: PAGES },
  "content.badges": {
    guard: isObject<BadgesRequest>({ room: isRoomRef, userIds: isArrayOf(isUserId, 2000), devicesOf: isOptional(isUserId) }),
    allowed: ["content-script"],
  },
  "content.sameAccount": { guard: isObject<{ userId: string }>({ userId: isUserId }), allowed: ["content-script"] },
  "audit.run": { guard: isEmpty, allowed: PAGES },
  "audit.acknowledge": {
    guard: isObject<{ findingIds: string[] }>({ findingIds: isArrayOf(isFindingId, 10000) }),
    allowed: PAGES,
  },
  "history.list": {
    guard: isObject<HistoryQuery>({
      room: isOptional(isRoomRef),
      user: isOptional(isUserId),
      before: isOptional(isIntegerIn(0, Number.MAX_SAFE_INTEGER)),
      limit: isIntegerIn(1, 1000),
    }),
    allowed: PAGES,
  },
  "settings.get": { guard: isEmpty, allowed: PAGES },
  "audit.storage": { guard: isEmpty, allowed: PAGES },
  "records.export": { guard: isEmpty, allowed: PAGES },
  "settings.set": {
    guard: isObject<Partial<Settings>>({
      isolationPolicy: isOptional(isOneOf(ISOLATION_POLICIES)),
      elementOrigins: isOptional(isArrayOf(isOrigin, 50)),
      historyRetentionDays: isOptional(isIntegerIn(1, 3650)),
      alerts: isOptional(
        isObject<AlertSettings>({ enabled: isBoolean, warnings: isBoolean, watchedOnly: isBoolean, watchedRooms: isArrayOf(isRoomRef, 5000) }),
      ),
    }),
    allowed: PAGES,
  },
  "identity.pin": { guard: isObject<IdentityDecision>({ userId: isUserId, masterKey: isEd25519Key }), allowed: PAGES },
  "identity.withdraw": { guard: isObject<IdentityDecision>({ userId: isUserId, masterKey: isEd25519Key }), allowed: PAGES },
  "verification.requestUser": {
    guard: isObject<{ userId: string; roomId?: string; createDm?: boolean }>({
      userId: isUserId,
      roomId: isOptional(isRoomRef),
      createDm: isOptional(isBoolean),
    }),
    allowed: PAGES,
  },
  "device.setVerified": {
    guard: isObject<{ userId: string; deviceId: string; verified: boolean; ed25519: string }>({
      userId: isUserId,
      deviceId: isDeviceId,
      verified: (v): v is boolean => typeof v === "boolean",
      ed25519: isEd25519Key,
    }),
    allowed: PAGES,
  },
  "device.crossSign": {
    guard: isObject<{ deviceId: string; ed25519: string }>({ deviceId: isDeviceId, ed25519: isEd25519Key }),
    allowed: PAGES,
  },
  "verification.requestOwnDevice": { guard: isObject<{ deviceId: string }>({ deviceId: isDeviceId }), allowed: PAGES },
  "verification.status": { guard: isEmpty, allowed: PAGES },
  "verification.recover": { guard: isObject<{ recoveryKey: string }>({ recoveryKey: isString(512) }), allowed: PAGES },
  "verification.setup.begin": { guard: isObject<{ reset: boolean }>({ reset: isBoolean }), allowed: PAGES },
  "verification.setup.finish": {
    guard: isObject<SetupFinishRequest>({
      setupId: isString(64),
      password: isOptional(isString(1024)),
      savedRecoveryKey: (v): v is true => v === true,
      confirmReset: isOptional(isBoolean),
    }),
    allowed: PAGES,
  },
  "verification.setup.abandon": { guard: isObject<{ setupId: string }>({ setupId: isString(64) }), allowed: PAGES },
  "verification.verifyThisSession": { guard: isEmpty, allowed: PAGES },
  "verification.flows": { guard: isEmpty, allowed: PAGES },
  "verification.flowAction": {
    guard: isObject<{ flowId: string; action: FlowAction }>({ flowId: isString(64), action: isOneOf(FLOW_ACTIONS) }),
    allowed: PAGES,
  },
  "verification.keyPrompt.answer": {
    guard: isObject<{ promptId: string; recoveryKey: string }>({ promptId: isString(64), recoveryKey: isString(512) }),
    allowed: PAGES,
  },
  "verification.keyPrompt.decline": { guard: isObject<{ promptId: string }>({ promptId: isString(64) }), allowed: PAGES },
  "identity.get": { guard: isObject<{ userId: string }>({ userId: isUserId }), allowed: PAGES },
  "device.fingerprint": {
    guard: isObject<{ userId: string; deviceId: string }>({ userId: isUserId, deviceId: isDeviceId }),
    allowed: PAGES,
  },
}))();

/** A request as it travels: `{ type, payload }`. */
export interface Envelope<T extends MessageType = MessageType> {
  type: T;
  payload: RequestOf<T>;
}

export type ParseOutcome =
  | { ok: true; envelope: Envelope }
  | { ok: false; reason: "bad-request" | "forbidden"; message: string };

/** Checks an untrusted message's shape and its sender's right to send it. */
export function parseRequest(raw: unknown, sender: SenderRole): ParseOutcome {
  if (!isObject<{ type: string; payload: unknown }>({ type: isString(64), payload: (_v): _v is unknown => true })(raw))
    return { ok: false, reason: "bad-request", message: "Message is not {type, payload}." };
  if (!isRecord(raw.payload)) return { ok: false, reason: "bad-request", message: "Payload must be an object." };
  if (!Object.prototype.hasOwnProperty.call(RULES, raw.type))
    return { ok: false, reason: "bad-request", message: "Unknown message type." };
  const type = raw.type as MessageType;
  const rule = RULES[type] as Rule<MessageType>;
  if (!rule.allowed.includes(sender))
    return { ok: false, reason: "forbidden", message: `A ${sender} may not send ${type}.` };
  if (!rule.guard(raw.payload)) return { ok: false, reason: "bad-request", message: `Malformed ${type} request.` };
  return { ok: true, envelope: { type, payload: raw.payload } as Envelope };
}
