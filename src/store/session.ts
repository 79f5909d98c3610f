/**
 * The Matrix session's credentials and its last known status, kept in the `meta` store of the
 * extension's own database (never storage.sync, never reachable by web pages or content scripts).
 *
 * A session is written as "pending" before its crypto store is created and becomes "active" once
 * everything exists, so a background stopped halfway through a sign-in leaves a marker that the
 * next start cleans up instead of a half-made session.
 */
import type { AuditorDB } from "./db.ts";
import { getMeta, setMeta } from "./db.ts";
import { toStorageError } from "./errors.ts";

export const SESSION_KEY = "session";
export const SESSION_SNAPSHOT_KEY = "session.snapshot";

export interface StoredSession {
  format: 1;
  state: "pending" | "active";
  homeserverUrl: string;
  userId: string;
  deviceId: string;
  accessToken: string;
  /** Prefix of the Rust crypto store's IndexedDB databases. */
  cryptoDatabasePrefix: string;
  /** Name given to matrix-js-sdk's IndexedDBStore (its database is "matrix-js-sdk:" + this). */
  syncStoreName: string;
  signedInAt: number;
}

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
  return (
    s.format === 1 &&
    (s.state === "pending" || s.state === "active") &&
    isText(s.homeserverUrl) &&
    isText(s.userId) &&
    isText(s.deviceId) &&
    isText(s.accessToken) &&
    isText(s.cryptoDatabasePrefix) &&
    isText(s.syncStoreName) &&
    typeof s.signedInAt === "number"
  );
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
