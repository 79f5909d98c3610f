/**
 * The extension's own IndexedDB database, opened through `idb`.
 * One database, versioned; each version's upgrade step lives in `UPGRADES` and runs in order,
 * so a profile of any older version is brought forward without losing a record.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from "idb";
import { StorageError, toStorageError } from "./errors.ts";
import type { FindingRecord, HistoryEntry, IdentityChangeRecord } from "./records.ts";

export const DB_NAME = "matrix-trust-auditor";

/**
 * A finding as stored. `pending` holds the account while the finding is unacknowledged and still
 * applies, and is absent otherwise: IndexedDB leaves records without the key path out of an index,
 * so the `pending` indexes hold exactly what the toolbar counts and counting needs no scan.
 */
export interface StoredFinding extends FindingRecord {
  pending?: string;
}

/** A history entry before the database assigns its `seq`. */
export type StoredHistoryEntry = Omit<HistoryEntry, "seq"> & { seq?: number };

export interface AuditorSchema extends DBSchema {
  /** Small named values: boot counter, session credentials, sync token, settings. */
  meta: { key: string; value: unknown };
  /** Since version 2. Keyed [account, finding id]. */
  findings: {
    key: [string, string];
    value: StoredFinding;
    indexes: {
      byRoom: [string, string];
      byDevice: [string, string, string, string, string];
      pending: string;
      pendingByRoom: [string, string];
    };
  };
  /** Since version 2. Keyed [account, user, new master key]. */
  identityChanges: { key: [string, string, string]; value: IdentityChangeRecord };
  /** Since version 2. Keyed by `seq` (auto-increment, so append order). */
  history: {
    key: number;
    value: StoredHistoryEntry;
    indexes: {
      byAccount: [string, number];
      byAccountTime: [string, number];
      byRoom: [string, string, number];
      byUser: [string, string, number];
      byRoomUser: [string, string, string, number];
    };
  };
}

export type AuditorDB = IDBPDatabase<AuditorSchema>;
type UpgradeTx = IDBPTransaction<AuditorSchema, StoreNames<AuditorSchema>[], "versionchange">;

/** Upgrade steps: index i brings the database from version i to i + 1. Never edit a released step; add one. */
const UPGRADES: ((db: AuditorDB, tx: UpgradeTx) => void)[] = [
  (db) => {
    db.createObjectStore("meta");
  },
  (db) => {
    const findings = db.createObjectStore("findings", { keyPath: ["account", "id"] });
    findings.createIndex("byRoom", ["account", "roomId"]);
    findings.createIndex("byDevice", ["account", "roomId", "userId", "deviceId", "ed25519"]);
    findings.createIndex("pending", "pending");
    findings.createIndex("pendingByRoom", ["pending", "roomId"]);

    db.createObjectStore("identityChanges", { keyPath: ["account", "userId", "newMasterKey"] });

    const history = db.createObjectStore("history", { keyPath: "seq", autoIncrement: true });
    history.createIndex("byAccount", ["account", "seq"]);
    history.createIndex("byAccountTime", ["account", "at"]);
    history.createIndex("byRoom", ["account", "roomId", "seq"]);
    history.createIndex("byUser", ["account", "userId", "seq"]);
    history.createIndex("byRoomUser", ["account", "roomId", "userId", "seq"]);
  },
];

export const DB_VERSION = UPGRADES.length;

export const DEFAULT_BLOCKED_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Called as soon as an upgrade has to wait for another connection to close (tell the user to close other extension pages). */
  onBlocked?: (error: StorageError) => void;
  /** How long to wait for those connections before failing with a "blocked" StorageError. */
  blockedTimeoutMs?: number;
  /**
   * Called when this connection closes under its users: a newer version of the database wants to
   * upgrade (we close so it can) or the browser terminated it. Reopen to continue.
   */
  onClosed?: (error: StorageError) => void;
  /**
   * Open at this older schema version (the upgrade steps up to it run): for loading records
   * written at that version, so reopening at DB_VERSION upgrades them with the same steps.
   */
  version?: number;
}

/**
 * Opens (creating or upgrading) the database. Fails with a StorageError: "blocked" when an upgrade
 * still waits for other connections after `blockedTimeoutMs`, "version" when the database on disk
 * is newer than this code, "quota" when the browser refuses the space.
 */
export function openAuditorDB(name = DB_NAME, options: OpenOptions = {}): Promise<AuditorDB> {
  const blockedTimeoutMs = options.blockedTimeoutMs ?? DEFAULT_BLOCKED_TIMEOUT_MS;
  const version = options.version ?? DB_VERSION;
  if (!Number.isInteger(version) || version < 1 || version > DB_VERSION)
    return Promise.reject(new StorageError("version", `schema version ${String(version)}; this code knows 1 to ${DB_VERSION}`));
  return new Promise<AuditorDB>((resolve, reject) => {
    let settled = false;
    let blockedTimer: ReturnType<typeof setTimeout> | undefined;
    let opened: AuditorDB | undefined;

    const opening = openDB<AuditorSchema>(name, version, {
      upgrade(db, oldVersion, _newVersion, tx) {
        for (let v = oldVersion; v < version; v++) UPGRADES[v]!(db, tx);
      },
      blocked(currentVersion, wantedVersion) {
        const error = new StorageError(
          "blocked",
          `version ${currentVersion} is open elsewhere, version ${wantedVersion ?? DB_VERSION} is waiting`,
        );
        options.onBlocked?.(error);
        blockedTimer ??= setTimeout(() => {
          if (settled) return;
          settled = true;
          reject(error);
        }, blockedTimeoutMs);
      },
      blocking(currentVersion, wantedVersion) {
        // Holding on would block the newer version forever; close and let our users reopen.
        opened?.close();
        options.onClosed?.(
          new StorageError("closed", `version ${wantedVersion ?? "?"} replaces version ${currentVersion}`),
        );
      },
      terminated() {
        options.onClosed?.(new StorageError("closed", "the browser closed the database"));
      },
    });

    opening.then(
      (db) => {
        clearTimeout(blockedTimer);
        // Already reported as blocked: the caller has moved on, so nobody would close this one.
        if (settled) return db.close();
        settled = true;
        opened = db;
        resolve(db);
      },
      (error: unknown) => {
        clearTimeout(blockedTimer);
        if (settled) return;
        settled = true;
        reject(toStorageError(error));
      },
    );
  });
}

export async function getMeta<T>(db: AuditorDB, key: string): Promise<T | undefined> {
  try {
    return (await db.get("meta", key)) as T | undefined;
  } catch (error) {
    throw toStorageError(error);
  }
}

export async function setMeta(db: AuditorDB, key: string, value: unknown): Promise<void> {
  try {
    await db.put("meta", value, key);
  } catch (error) {
    throw toStorageError(error);
  }
}
