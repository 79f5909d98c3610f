/**
 * The things the messages between the popup, the content script and the background talk about:
 * sign-in, session status, badges, settings, history, verification. Types (and their allowed values) only.
 */
import type { AlertSettings } from "../core/alerts.ts";
import type { UserVerdict, DeviceVerdict, FindingKind, Severity, TrustChangeKind } from "../core/verdicts.ts";
import type { TrustReadPath } from "../core/olm-machine-adapter.ts";
import type { ComposerWarningFacts } from "../core/composer-warning.ts";

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

/** What the banner at Element's composer shows for the room the tab has open (`content.composer`). */
export interface ComposerWarning extends ComposerWarningFacts {
  roomId: string;
  /** The "ask before sending" setting: while a critical row shows, Enter or Send first asks. */
  holdOnCritical: boolean;
}

/** The banner's "I've seen this": the finding ids of the rows it showed, in the room it showed them for. */
export interface ComposerSeenRequest {
  room: string;
  findingIds: string[];
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
  /** Element's Enter or Send asks "Send anyway?" while the composer banner shows a critical problem. Off by default. */
  holdSendingOnCritical: boolean;
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
