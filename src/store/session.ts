/**
 * The Matrix session's credentials and its last known status, kept in the `meta` store of the
 * extension's own database (never storage.sync, never reachable by web pages or content scripts).
 *
 * Format 2 (since the data key): the access token is sealed with the session's data key, and the
 * data key is kept in the same record, as it is or wrapped with the user's passphrase
 * (src/core/data-key.ts). Format 1 (earlier releases) holds the token in the clear and its
 * crypto store has no key; it keeps working as it is until the user signs in again.
 *
 * A session is written as "pending" before its crypto store is created and becomes "active" once
 * everything exists, so a background stopped halfway through a sign-in leaves a marker that the
 * next start cleans up instead of a half-made session.
 */
import type { AuditorDB } from "./db.ts";
import { getMeta, setMeta } from "./db.ts";
import { toStorageError } from "./errors.ts";
import { isSealed, isStoredDataKey, type Sealed, type StoredDataKey } from "../core/data-key.ts";

export const SESSION_KEY = "session";
export const SESSION_SNAPSHOT_KEY = "session.snapshot";

interface SessionBase {
  state: "pending" | "active";
  homeserverUrl: string;
  userId: string;
  deviceId: string;
  /** Prefix of the Rust crypto store's IndexedDB databases. */
  cryptoDatabasePrefix: string;
  /** Name given to matrix-js-sdk's IndexedDBStore (its database is "matrix-js-sdk:" + this). */
  syncStoreName: string;
  signedInAt: number;
}

/** A session signed in by a release before the data key: token in the clear, crypto store without a key. */
export interface LegacySession extends SessionBase {
  format: 1;
  accessToken: string;
}

/** A session with a data key: the token sealed with it, the crypto store opened with it. */
export interface KeyedSession extends SessionBase {
  format: 2;
  sealedAccessToken: Sealed;
  dataKey: StoredDataKey;
}

export type StoredSession = LegacySession | KeyedSession;

/** What the popup was last told, so a woken background can answer before the crypto is back. */
export interface SessionSnapshot {
  deviceId: string;
  ed25519?: string;
  crossSigningReady?: boolean;
  crossSigning?: {
    publicKeysOnDevice: boolean;
    privateKeysInSecretStorage: boolean;
    privateKeysCachedLocally: { masterKey: boolean; selfSigningKey: boolean; userSigningKey: boolean };
  };
  lastSyncAt?: number;
}

const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** A stored value read back is checked, not trusted: an unreadable one counts as absent. */
function isStoredSession(v: unknown): v is StoredSession {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Record<string, unknown>;
  const base =
    (s.state === "pending" || s.state === "active") &&
    isText(s.homeserverUrl) &&
    isText(s.userId) &&
    isText(s.deviceId) &&
    isText(s.cryptoDatabasePrefix) &&
    isText(s.syncStoreName) &&
    typeof s.signedInAt === "number";
  if (!base) return false;
  if (s.format === 1) return isText(s.accessToken);
  return s.format === 2 && isSealed(s.sealedAccessToken) && isStoredDataKey(s.dataKey) && !("accessToken" in s);
}

export async function loadSession(db: AuditorDB): Promise<StoredSession | undefined> {
  const value = await getMeta<unknown>(db, SESSION_KEY);
  return isStoredSession(value) ? value : undefined;
}

export async function saveSession(db: AuditorDB, session: StoredSession): Promise<void> {
  await setMeta(db, SESSION_KEY, session);
}

export async function loadSnapshot(db: AuditorDB, deviceId: string): Promise<SessionSnapshot | undefined> {
  const value = await getMeta<SessionSnapshot>(db, SESSION_SNAPSHOT_KEY);
  return value && value.deviceId === deviceId ? value : undefined;
}

export async function saveSnapshot(db: AuditorDB, snapshot: SessionSnapshot): Promise<void> {
  await setMeta(db, SESSION_SNAPSHOT_KEY, snapshot);
}

/** Removes the credentials and the snapshot together. */
export async function deleteSession(db: AuditorDB): Promise<void> {
  try {
    const tx = db.transaction("meta", "readwrite");
    await Promise.all([tx.store.delete(SESSION_KEY), tx.store.delete(SESSION_SNAPSHOT_KEY), tx.done]);
  } catch (error) {
    throw toStorageError(error);
  }
}
