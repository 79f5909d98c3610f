/**
 * Builds the one MatrixClient of a stored session: sync state in matrix-js-sdk's IndexedDBStore
 * (so a restarted background resumes from the saved sync token with its rooms), crypto in the
 * Rust crypto IndexedDB store. Only SessionManager calls this.
 */
import { IndexedDBStore, createClient, type MatrixClient } from "matrix-js-sdk";
import type { CryptoCallbacks } from "matrix-js-sdk/lib/crypto-api/index.js";
import type { HttpOptions } from "../../core/homeserver/http.ts";
import type { Credentials } from "../../core/homeserver/login.ts";
import { DEFAULT_PACING, pacedFetch } from "../../core/homeserver/paced-fetch.ts";
import { quietLogger, quietSdkGlobalLogger } from "../../core/homeserver/sdk-logger.ts";
import { syncStartOptions, type SyncMode } from "./sync-filter.ts";

/** Long-poll time of /sync: under the 30 s after which browsers may cut a background's fetch. */
export const SYNC_POLL_TIMEOUT_MS = 25_000;

export interface OpenedClient {
  client: MatrixClient;
  store: IndexedDBStore;
}

export async function openSessionClient(
  session: Credentials & { syncStoreName: string },
  indexedDB: IDBFactory,
  http: HttpOptions,
  /** Answers `getSecretStorageKey` (the verification flows' key broker, src/core/verification). */
  cryptoCallbacks?: CryptoCallbacks,
): Promise<OpenedClient> {
  quietSdkGlobalLogger();
  const store = new IndexedDBStore({ indexedDB, dbName: session.syncStoreName });
  await store.startup();
  const client = createClient({
    baseUrl: session.homeserverUrl,
    userId: session.userId,
    deviceId: session.deviceId,
    accessToken: session.accessToken,
    store,
    // Deadlines and pacing against a homeserver that hangs or spins (paced-fetch.ts).
    fetchFn: pacedFetch(http.fetchFn, { ...DEFAULT_PACING, ...http.pacing }),
    logger: quietLogger(),
    ...(cryptoCallbacks ? { cryptoCallbacks } : {}),
  });
  return { client, store };
}

/**
 * Opens the Rust crypto store with the session's data key (its values are then encrypted with it,
 * its keys hashed). A session from before the data key (`dataKey` absent) keeps its store as made.
 */
export async function initCrypto(client: MatrixClient, cryptoDatabasePrefix: string, dataKey?: Uint8Array): Promise<void> {
  await client.initRustCrypto({ useIndexedDB: true, cryptoDatabasePrefix, ...(dataKey ? { storageKey: dataKey } : {}) });
}

export async function startSync(client: MatrixClient, pollTimeout = SYNC_POLL_TIMEOUT_MS, mode: SyncMode = "lean"): Promise<void> {
  // Lean by default: members lazy-loaded, the full list only for encrypted rooms (sync-filter.ts).
  await client.startClient({ pollTimeout, ...syncStartOptions(mode, client.getSafeUserId()) });
}
