/**
 * The one table of messages: each entry names its request and its answer. Also the pushes the
 * background sends (to an open popup, to content scripts). `parse-request.ts` says who may send what.
 */
import type { AuditReport, AuditProgress } from "../core/verdicts.ts";
import type { AuditOverview, RoomDetail } from "../core/overview.ts";
import type { Result } from "./result.ts";
import type { IdentityStatus } from "../core/verification/status.ts";
import type { FlowSnapshot } from "../core/verification/sas-flow.ts";
import type { KeyPrompt } from "../core/verification/secret-key-broker.ts";
import type { DeviceFingerprint } from "../core/verification/devices.ts";
import type { UserIdentityState } from "../core/verification/identity.ts";
import type { BackgroundInfo, SignInRequest, ResolvedHomeserver, SessionStatus, MemberBadge, BadgesRequest, ComposerWarning, ComposerSeenRequest, Settings, HistoryItem, HistoryQuery, StorageProblem, RecordsExport, FlowAction, SetupFinishRequest, IdentityDecision } from "./domain-types.ts";

export interface MessageTable {
  ping: { request: Record<string, never>; response: BackgroundInfo };
  "session.status": { request: Record<string, never>; response: SessionStatus };
  /**
   * The popup's first question, one answer: the status, and the report's overview (as `audit.overview`
   * answers it) when signed in and not locked, else `ok(null)`.
   */
  "popup.open": { request: Record<string, never>; response: { status: SessionStatus; overview: Result<AuditOverview | null> } };
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
  /** The whole report (export, settings, history); the popup's first screen asks `audit.overview`. */
  "audit.report": { request: Record<string, never>; response: AuditReport | null };
  /** The popup's first screen: account, inbox and a line per room, without every member's devices (src/core/overview.ts). */
  "audit.overview": { request: Record<string, never>; response: AuditOverview | null };
  /** One room's full audit and the problems touching it, for its screen; null if there is no report or no such room. */
  "audit.room": { request: { roomId: string }; response: RoomDetail | null };
  "content.badges": {
    request: BadgesRequest;
    response: { roomId: string; members: MemberBadge[] };
  };
  /**
   * Whether the Element tab's signed-in user (Element's `mx_user_id`) is this extension's account:
   * the content script shows badges, and asks anything else, only then. Answers yes or no, never the account.
   */
  "content.sameAccount": { request: { userId: string }; response: { same: boolean } };
  /** The composer banner's devices for the room a tab shows (only ones the user was not warned about). */
  "content.composer": { request: { room: string }; response: ComposerWarning };
  /** The composer banner's "I've seen this": notes exactly the shown rows as warned (critical ones acknowledged). */
  "content.composerSeen": { request: ComposerSeenRequest; response: { warned: number; acknowledged: number } };
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
 * the report, the audit's progress or the session changes. The popup still asks `popup.open` first
 * (of the stored snapshot) so it paints at once; pushes only bring it up to date (a screen showing
 * more of the report asks again when the overview changes). The port carries nothing from the popup
 * to the background.
 */
export const POPUP_PORT_NAME = "popup";

export type PopupPush =
  /** The report changed: its overview (src/core/overview.ts). */
  | { type: "audit.overview"; overview: AuditOverview | null }
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
