/**
 * The one table of messages between the popup, the content script and the background.
 * Each entry names its request, its answer, who may send it, and how the request is checked.
 * The background answers only messages that pass `parseRequest`; everything else is refused as data.
 */
import type { AuditReport, UserVerdict, FindingKind, Severity } from "../core/verdicts.ts";
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
}

export interface SessionStatus {
  signedIn: boolean;
  userId?: string;
  homeserverUrl?: string;
  deviceId?: string;
  ed25519?: string;
  sync?: { state: "syncing" | "catching-up" | "offline" | "stopped"; offlineSince?: number; lastError?: string };
  crossSigningReady?: boolean;
  crossSigning?: {
    publicKeysOnDevice: boolean;
    privateKeysInSecretStorage: boolean;
    privateKeysCachedLocally: { masterKey: boolean; selfSigningKey: boolean; userSigningKey: boolean };
  };
}

/** What a content script may learn: per user ID it sees, the verdict and the findings about them. */
export interface MemberBadge {
  userId: string;
  verdict: UserVerdict;
  /** The room's findings about this user, counted per kind, with the audit's severity for that kind. */
  findings: { kind: FindingKind; severity: Severity; count: number }[];
}

export interface MessageTable {
  ping: { request: Record<string, never>; response: BackgroundInfo };
  "session.status": { request: Record<string, never>; response: SessionStatus };
  "session.signIn": { request: SignInRequest; response: SessionStatus };
  "session.signOut": { request: Record<string, never>; response: { serverLogoutFailed: boolean } };
  "audit.report": { request: Record<string, never>; response: AuditReport | null };
  "content.badges": {
    request: { room: string; userIds: string[] };
    response: { roomId: string; members: MemberBadge[] };
  };
}

export type MessageType = keyof MessageTable;
export type RequestOf<T extends MessageType> = MessageTable[T]["request"];
export type ResponseOf<T extends MessageType> = MessageTable[T]["response"];

interface Rule<T extends MessageType> {
  guard: Guard<RequestOf<T>>;
  allowed: readonly SenderRole[];
}

const PAGES = ["extension-page"] as const;

const RULES: { [T in MessageType]: Rule<T> } = {
  ping: { guard: isEmpty, allowed: ["extension-page", "content-script"] },
  "session.status": { guard: isEmpty, allowed: PAGES },
  "session.signIn": {
    guard: isObject<SignInRequest>({
      homeserver: isString(2048),
      user: isOptional(isString(255)),
      password: isOptional(isString(1024)),
      accessToken: isOptional(isString(4096)),
    }),
    allowed: PAGES,
  },
  "session.signOut": { guard: isEmpty, allowed: PAGES },
  "audit.report": { guard: isEmpty, allowed: PAGES },
  "content.badges": {
    guard: isObject<{ room: string; userIds: string[] }>({ room: isRoomRef, userIds: isArrayOf(isUserId, 2000) }),
    allowed: ["content-script"],
  },
};

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
