/**
 * From a stored session to what opens it: the access token and the crypto store's key. A keyed
 * session (format 2) has its token sealed with the data key; the data key is in the record itself
 * (no lock) or in the unlocked-key store (passphrase lock, after an unlock in this browser run).
 * A legacy session (format 1) has its token in the clear and no store key.
 */
import {
  newDataKey,
  sealText,
  unsealText,
  unwrapDataKey,
  wrapDataKey,
  fromBase64,
  toBase64,
  MIN_PASSPHRASE_LENGTH,
} from "../../core/data-key.ts";
import type { KeyedSession, StoredSession } from "../../store/session.ts";
import { SessionError } from "../../core/homeserver/errors.ts";
import type { Credentials } from "../../core/homeserver/login.ts";
import type { UnlockedKeyStore } from "./unlocked-key.ts";

/** What a client needs to run: the credentials and, for a keyed session, the data key. */
export interface OpenSession {
  credentials: Credentials;
  /** The data key (the Rust crypto store's `storageKey`); absent for a legacy session. */
  dataKey?: Uint8Array;
}

/** Bound into the sealed token: a token sealed for one session does not open as another's. */
const tokenContext = (s: Pick<StoredSession, "userId" | "deviceId" | "homeserverUrl">): string =>
  `access token|${s.homeserverUrl}|${s.userId}|${s.deviceId}`;

const credentialsOf = (s: StoredSession, accessToken: string): Credentials => ({
  homeserverUrl: s.homeserverUrl,
  userId: s.userId,
  deviceId: s.deviceId,
  accessToken,
});

export const WRONG_PASSPHRASE = (): SessionError =>
  new SessionError("wrong-passphrase", "That is not this session's passphrase. Nothing was changed; try again.");

/** Opens a session with its data key; a key that does not open the token means the stored data is damaged. */
export async function openWithKey(session: KeyedSession, dataKey: Uint8Array): Promise<OpenSession> {
  const token = await unsealText(dataKey, session.sealedAccessToken, tokenContext(session));
  if (token === null)
    throw new SessionError("storage", "This session's stored credentials could not be read. Sign out and sign in again.");
  return { credentials: credentialsOf(session, token), dataKey };
}

/** The open session, or null while it is locked (passphrase set, not unlocked in this browser run). */
export async function openStored(session: StoredSession, unlocked: UnlockedKeyStore): Promise<OpenSession | null> {
  if (session.format === 1) return { credentials: credentialsOf(session, session.accessToken) };
  const dataKey =
    session.dataKey.lock === "none" ? fromBase64(session.dataKey.key) : await unlocked.get(session.deviceId);
  return dataKey ? openWithKey(session, dataKey) : null;
}

/** Refuses a passphrase too short to be one, before anything is done with it. */
export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH)
    throw new SessionError("bad-request", `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
}

/**
 * A new session's record (pending) with a fresh data key, and the session opened with it. With a
 * passphrase the key is wrapped before anything is written, so it never reaches the disk unwrapped.
 */
export async function newKeyedSession(
  credentials: Credentials,
  rest: Omit<KeyedSession, "format" | "state" | "sealedAccessToken" | "dataKey" | keyof Credentials>,
  passphrase?: string,
): Promise<{ stored: KeyedSession; open: OpenSession }> {
  const dataKey = newDataKey();
  const { accessToken, ...names } = credentials;
  const base = { ...names, ...rest };
  const stored: KeyedSession = {
    format: 2,
    state: "pending",
    ...base,
    sealedAccessToken: await sealText(dataKey, accessToken, tokenContext(base)),
    dataKey: passphrase === undefined ? { lock: "none", key: toBase64(dataKey) } : await wrapDataKey(dataKey, passphrase),
  };
  return { stored, open: { credentials, dataKey } };
}

/** The data key of a passphrase-locked session, or a `wrong-passphrase` error. */
export async function unwrapWith(session: KeyedSession, passphrase: string): Promise<Uint8Array> {
  if (session.dataKey.lock !== "passphrase") throw new SessionError("bad-request", "This session has no passphrase.");
  const key = await unwrapDataKey(session.dataKey, passphrase);
  if (!key) throw WRONG_PASSPHRASE();
  return key;
}

/** The same session with its data key wrapped by `passphrase` (or kept as it is, for null). Re-wraps only. */
export async function withPassphrase(session: KeyedSession, dataKey: Uint8Array, passphrase: string | null): Promise<KeyedSession> {
  if (passphrase === null) return { ...session, dataKey: { lock: "none", key: toBase64(dataKey) } };
  checkPassphrase(passphrase);
  return { ...session, dataKey: await wrapDataKey(dataKey, passphrase) };
}
