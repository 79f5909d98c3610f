/**
 * Checking an untrusted message: its shape, and its sender's right to send it. Each message type has
 * one rule (a guard for its request, the senders allowed); the background answers only what passes.
 */
import { type Guard, isEmpty, isObject, isString, isOptional, isArrayOf, isUserId, isRoomRef, isRecord, isDeviceId, isFindingId, isOneOf, isIntegerIn, isOrigin, isEd25519Key } from "./guards.ts";
import { ISOLATION_POLICIES, FLOW_ACTIONS, type SenderRole, type SignInRequest, type BadgesRequest, type ComposerSeenRequest, type Settings, type HistoryQuery, type FlowAction, type SetupFinishRequest, type IdentityDecision } from "./domain-types.ts";
import { type MessageType, type RequestOf } from "./message-table.ts";
import type { AlertSettings } from "../core/alerts.ts";

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
  "popup.open": { guard: isEmpty, allowed: PAGES },
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
  "audit.overview": { guard: isEmpty, allowed: PAGES },
  "audit.room": { guard: isObject<{ roomId: string }>({ roomId: isRoomRef }), allowed: PAGES },
  "content.badges": {
    guard: isObject<BadgesRequest>({ room: isRoomRef, userIds: isArrayOf(isUserId, 2000), devicesOf: isOptional(isUserId) }),
    allowed: ["content-script"],
  },
  "content.sameAccount": { guard: isObject<{ userId: string }>({ userId: isUserId }), allowed: ["content-script"] },
  "content.composer": { guard: isObject<{ room: string }>({ room: isRoomRef }), allowed: ["content-script"] },
  "content.composerSeen": {
    guard: isObject<ComposerSeenRequest>({ room: isRoomRef, findingIds: isArrayOf(isFindingId, 500) }),
    allowed: ["content-script"],
  },
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
      holdSendingOnCritical: isOptional(isBoolean),
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
