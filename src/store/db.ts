/**
 * The extension's own IndexedDB database, opened through `idb`.
 * One database, versioned; each version's upgrade step lives in `UPGRADES` and runs in order,
 * so a profile of any older version is brought forward without losing a record.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from "idb";

export const DB_NAME = "matrix-trust-auditor";

export interface AuditorSchema extends DBSchema {
  /** Small named values: boot counter, session credentials, sync token, settings. */
  meta: { key: string; value: unknown };
}

export type AuditorDB = IDBPDatabase<AuditorSchema>;
type UpgradeTx = IDBPTransaction<AuditorSchema, StoreNames<AuditorSchema>[], "versionchange">;

/** Upgrade steps: index i brings the database from version i to i + 1. */
const UPGRADES: ((db: AuditorDB, tx: UpgradeTx) => void)[] = [
  (db) => {
    db.createObjectStore("meta");
  },
];

export const DB_VERSION = UPGRADES.length;

export function openAuditorDB(name = DB_NAME): Promise<AuditorDB> {
  return openDB<AuditorSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < DB_VERSION; v++) UPGRADES[v]!(db, tx);
    },
  });
}

export async function getMeta<T>(db: AuditorDB, key: string): Promise<T | undefined> {
  return (await db.get("meta", key)) as T | undefined;
}

export async function setMeta(db: AuditorDB, key: string, value: unknown): Promise<void> {
  await db.put("meta", value, key);
}
