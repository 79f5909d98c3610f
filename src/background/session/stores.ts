/**
 * Where a session keeps its data besides the credentials: the Rust crypto store (two IndexedDB
 * databases under a prefix) and matrix-js-sdk's sync store (one database). Names carry the
 * account and device so that a wipe removes exactly one session's data.
 */
import type { StoredSession } from "../../store/session.ts";

export const CRYPTO_PREFIX = "matrix-trust-auditor-crypto:";
export const SYNC_STORE_PREFIX = "matrix-trust-auditor-sync:";
/** matrix-js-sdk's IndexedDBStore prepends this to the name it is given. */
const SDK_SYNC_DB_PREFIX = "matrix-js-sdk:";

export function storeNamesFor(userId: string, deviceId: string): { cryptoDatabasePrefix: string; syncStoreName: string } {
  return {
    cryptoDatabasePrefix: `${CRYPTO_PREFIX}${userId}:${deviceId}`,
    syncStoreName: `${SYNC_STORE_PREFIX}${userId}:${deviceId}`,
  };
}

/** Every IndexedDB database a session created. */
export function databasesOf(session: Pick<StoredSession, "cryptoDatabasePrefix" | "syncStoreName">): string[] {
  return [
    `${session.cryptoDatabasePrefix}::matrix-sdk-crypto`,
    `${session.cryptoDatabasePrefix}::matrix-sdk-crypto-meta`,
    `${SDK_SYNC_DB_PREFIX}${session.syncStoreName}`,
  ];
}

/** Whether a database name is one of ours (a session's crypto or sync store). */
export function isSessionDatabase(name: string): boolean {
  return name.startsWith(CRYPTO_PREFIX) || name.startsWith(`${SDK_SYNC_DB_PREFIX}${SYNC_STORE_PREFIX}`);
}

const YIELDING = Symbol.for("matrix-trust-auditor.yieldingSessionStores");

/**
 * Makes every connection to a session database close when someone wants to delete or upgrade it.
 * The Rust crypto store does not, and objects the SDK hands out (identities, devices) keep its
 * connection alive until garbage collection, which would block the wipe at sign-out indefinitely.
 * The SDKs reach the database through this same factory object, so wrapping its `open` covers them.
 */
export function yieldSessionStoresOnDelete(factory: IDBFactory): void {
  const marked = factory as IDBFactory & { [YIELDING]?: true };
  if (marked[YIELDING]) return;
  const open = factory.open.bind(factory);
  factory.open = (name: string, version?: number): IDBOpenDBRequest => {
    const request = version === undefined ? open(name) : open(name, version);
    if (isSessionDatabase(name))
      request.addEventListener("success", () => {
        const db = request.result;
        db.addEventListener("versionchange", () => db.close());
      });
    return request;
  };
  marked[YIELDING] = true;
}

/**
 * Deletes one database. A connection still open elsewhere makes the browser wait ("blocked");
 * after `timeoutMs` of that we give up with an error rather than hang the sign-out.
 */
export function deleteDatabase(factory: IDBFactory, name: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    let timer: ReturnType<typeof setTimeout> | undefined;
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error ?? new Error(`Could not delete ${name}`));
    };
    request.onblocked = () => {
      timer ??= setTimeout(() => reject(new Error(`Deleting ${name} is blocked by an open connection`)), timeoutMs);
    };
  });
}

/** Deletes the session databases that do not belong to `keep` (left by an interrupted sign-in or sign-out). */
export async function sweepOrphanDatabases(factory: IDBFactory, keep: StoredSession | undefined): Promise<string[]> {
  if (typeof factory.databases !== "function") return [];
  const kept = new Set(keep ? databasesOf(keep) : []);
  const orphans = (await factory.databases())
    .map((info) => info.name)
    .filter((name): name is string => typeof name === "string" && isSessionDatabase(name) && !kept.has(name));
  for (const name of orphans) await deleteDatabase(factory, name);
  return orphans;
}
