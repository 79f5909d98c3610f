/**
 * The whole records database as one plain-JSON value, and back. The command line keeps its records
 * this way (a file per account, run over an in-memory IndexedDB), so the extension's record logic
 * is the one logic both use. Records of an older schema are loaded at their version and brought
 * forward by the same upgrade steps as a browser profile; a newer or malformed dump is refused
 * without anything being written.
 */
import { deleteDB } from "idb";
import { DB_VERSION, openAuditorDB, type AuditorDB } from "./db.ts";
import { StorageError, toStorageError } from "./errors.ts";

export const DUMP_FORMAT = "matrix-trust-auditor.database";

export interface DatabaseDump {
  format: typeof DUMP_FORMAT;
  /** The schema version (db.ts) the records were written at. */
  schemaVersion: number;
  /** Every object store's records as [key, value] pairs, in key order. */
  stores: Record<string, [IDBValidKey, unknown][]>;
}

/** Reads every record of every store in one transaction (one consistent state). */
export async function dumpDatabase(db: AuditorDB): Promise<DatabaseDump> {
  const names = [...db.objectStoreNames];
  try {
    const tx = db.transaction(names, "readonly");
    const stores: DatabaseDump["stores"] = {};
    for (const name of names) {
      const store = tx.objectStore(name);
      const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
      stores[name] = keys.map((key, i) => [key as IDBValidKey, values[i]]);
    }
    await tx.done;
    return { format: DUMP_FORMAT, schemaVersion: db.version, stores };
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Checks a value read back (from a file) is a dump this code can load; says what is wrong otherwise. */
export function checkDump(value: unknown): DatabaseDump {
  const bad = (why: string): never => {
    throw new StorageError("other", `not a records database: ${why}`);
  };
  if (typeof value !== "object" || value === null) return bad("not a JSON object");
  const v = value as Partial<DatabaseDump>;
  if (v.format !== DUMP_FORMAT) return bad(`format is ${JSON.stringify(v.format)}`);
  if (typeof v.schemaVersion !== "number" || !Number.isInteger(v.schemaVersion) || v.schemaVersion < 1) return bad("no schema version");
  if (v.schemaVersion > DB_VERSION)
    throw new StorageError("version", `the records are schema version ${v.schemaVersion}, this code knows up to ${DB_VERSION}`);
  if (typeof v.stores !== "object" || v.stores === null || Array.isArray(v.stores)) return bad("no stores");
  for (const [name, records] of Object.entries(v.stores))
    if (!Array.isArray(records) || !records.every((r) => Array.isArray(r) && r.length === 2)) return bad(`store ${name} is not a list of [key, value]`);
  return v as DatabaseDump;
}

/**
 * Creates database `name` (replacing any of that name) holding exactly the dump's records, at the
 * current schema version. One transaction: a record the database refuses fails the whole load.
 */
export async function loadDatabase(name: string, dump: DatabaseDump): Promise<AuditorDB> {
  checkDump(dump);
  await deleteDB(name);
  const old = await openAuditorDB(name, { version: dump.schemaVersion });
  try {
    const names = [...old.objectStoreNames];
    const unknown = Object.keys(dump.stores).filter((s) => !names.includes(s as (typeof names)[number]));
    if (unknown.length > 0) throw new StorageError("other", `not a records database: unknown store ${unknown.join(", ")}`);
    const tx = old.transaction(names, "readwrite");
    const writes: Promise<unknown>[] = [];
    for (const storeName of names) {
      const store = tx.objectStore(storeName);
      const inlineKeys = store.keyPath !== null;
      for (const [key, value] of dump.stores[storeName] ?? []) writes.push(inlineKeys ? store.put(value as never) : store.put(value as never, key as never));
    }
    for (const w of writes) w.catch(() => undefined);
    await Promise.all([...writes, tx.done]);
  } catch (error) {
    old.close();
    await deleteDB(name).catch(() => undefined);
    throw error instanceof StorageError ? error : new StorageError("other", `not a records database: ${String((error as Error)?.message ?? error)}`);
  }
  old.close();
  return openAuditorDB(name);
}
