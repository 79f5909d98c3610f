// Real matrix-js-sdk clients with real Rust crypto, in Node, against the test homeserver.
// Each client gets its own IndexedDB database prefix (fake-indexeddb), so several can share a process.
import "fake-indexeddb/auto";
import { ClientEvent, SyncState, createClient, type IStartClientOpts, type MatrixClient } from "matrix-js-sdk";
import type { CryptoApi, GeneratedSecretStorageKey } from "matrix-js-sdk/lib/crypto-api/index.js";
import { decodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/recovery-key.js";
import { MatrixError } from "matrix-js-sdk/lib/http-api/errors.js";
import type { AuthDict } from "matrix-js-sdk/lib/interactive-auth.js";
import { waitFor } from "./wait-for.ts";

export interface TestClientOptions {
  baseUrl: string;
  userId: string;
  password: string;
  deviceId?: string;
  deviceName?: string;
  /** A recovery key the client may use when secret storage asks for its key. */
  recoveryKey?: string;
  /** `startClient` options instead of the default (every member, 20 events), e.g. the extension's lean sync. */
  startOptions?: (userId: string) => IStartClientOpts;
}

export interface TestClient {
  client: MatrixClient;
  crypto: CryptoApi;
  userId: string;
  deviceId: string;
  password: string;
  /** Set by `bootstrapSecretStorage`, or from `recoveryKey`. */
  secretStorageKey?: Uint8Array;
  stop(): Promise<void>;
}

let databaseCounter = 0;

/**
 * matrix-js-sdk arms a timer of (poll timeout + 80 s) for every /sync request and never clears it,
 * so a finished test process would idle for up to two minutes. Timers of a minute or more are
 * unref'd: they still fire while the process runs, they just no longer keep it alive.
 */
function unrefLongTimers(): void {
  const marker = Symbol.for("matrix-trust-auditor.unrefLongTimers");
  const global = globalThis as typeof globalThis & { [marker]?: true };
  if (global[marker]) return;
  global[marker] = true;
  const original = globalThis.setTimeout;
  const patched = ((handler: Parameters<typeof setTimeout>[0], ms?: number, ...args: unknown[]) => {
    const timer = original(handler, ms, ...args);
    if ((ms ?? 0) >= 60_000) (timer as unknown as NodeJS.Timeout).unref?.();
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(patched, original);
}
unrefLongTimers();

const quietLogger = {
  trace() {},
  debug() {},
  info() {},
  log() {},
  warn() {},
  error() {},
  getChild() {
    return quietLogger;
  },
};

async function login(options: TestClientOptions): Promise<{ accessToken: string; deviceId: string }> {
  const anonymous = createClient({ baseUrl: options.baseUrl, logger: quietLogger });
  const body: Record<string, unknown> = { identifier: { type: "m.id.user", user: options.userId }, password: options.password };
  if (options.deviceId) body.device_id = options.deviceId;
  if (options.deviceName) body.initial_device_display_name = options.deviceName;
  const response = await anonymous.loginRequest({ type: "m.login.password", ...body });
  return { accessToken: response.access_token, deviceId: response.device_id };
}

/** Logs in, starts Rust crypto with its own store, starts syncing and waits for the first sync. */
export async function createTestClient(options: TestClientOptions): Promise<TestClient> {
  const { accessToken, deviceId } = await login(options);
  const holder: { key?: Uint8Array } = {};
  if (options.recoveryKey) holder.key = decodeRecoveryKey(options.recoveryKey);
  const client = createClient({
    baseUrl: options.baseUrl,
    userId: options.userId,
    deviceId,
    accessToken,
    logger: quietLogger,
    cryptoCallbacks: {
      getSecretStorageKey: async ({ keys }) => {
        const keyId = Object.keys(keys)[0];
        return holder.key && keyId ? [keyId, new Uint8Array(holder.key)] : null;
      },
      cacheSecretStorageKey: (_keyId, _info, key) => {
        holder.key = key;
      },
    },
  });
  databaseCounter += 1;
  await client.initRustCrypto({ useIndexedDB: true, cryptoDatabasePrefix: `test-client-${process.pid}-${databaseCounter}-${deviceId}` });
  const crypto = client.getCrypto()!;
  const ready = new Promise<void>((resolve, reject) => {
    const onSync = (state: SyncState) => {
      if (state === SyncState.Prepared || state === SyncState.Syncing) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error) {
        client.off(ClientEvent.Sync, onSync);
        reject(new Error(`first sync of ${options.userId} failed`));
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient(options.startOptions?.(options.userId) ?? { initialSyncLimit: 20, lazyLoadMembers: false });
  await ready;
  const testClient: TestClient = {
    client,
    crypto,
    userId: options.userId,
    deviceId,
    password: options.password,
    get secretStorageKey() {
      return holder.key;
    },
    set secretStorageKey(key) {
      holder.key = key;
    },
    async stop() {
      client.stopClient();
    },
  };
  return testClient;
}

/** Answers a User-Interactive Auth challenge with the password: try, read the session from the 401, retry. */
export function passwordAuth(testClient: TestClient) {
  return async <T>(makeRequest: (auth: AuthDict | null) => Promise<T>): Promise<T> => {
    try {
      return await makeRequest(null);
    } catch (error) {
      const session = error instanceof MatrixError && error.httpStatus === 401 ? (error.data.session as string | undefined) : undefined;
      if (!session) throw error;
      return makeRequest({ type: "m.login.password", identifier: { type: "m.id.user", user: testClient.userId }, password: testClient.password, session });
    }
  };
}

export async function bootstrapCrossSigning(testClient: TestClient, setupNewCrossSigning = false): Promise<void> {
  await testClient.crypto.bootstrapCrossSigning({ setupNewCrossSigning, authUploadDeviceSigningKeys: passwordAuth(testClient) });
}

/**
 * A new session regains its account's trust: download its own public identity first (Rust crypto
 * only imports private keys that match it), then import the private keys from secret storage,
 * which asks `getSecretStorageKey` (answered from `recoveryKey`), and sign this device.
 */
export async function restoreTrustFromSecretStorage(testClient: TestClient): Promise<void> {
  await testClient.crypto.getUserDeviceInfo([testClient.userId], true);
  await testClient.crypto.bootstrapCrossSigning({});
}

/** Creates secret storage under a new recovery key and stores the cross-signing keys there. */
export async function bootstrapSecretStorage(testClient: TestClient): Promise<GeneratedSecretStorageKey> {
  const recoveryKey = await testClient.crypto.createRecoveryKeyFromPassphrase();
  await testClient.crypto.bootstrapSecretStorage({
    createSecretStorageKey: async () => recoveryKey,
    setupNewSecretStorage: true,
  });
  return recoveryKey;
}

/** Waits until this client's view of a user's devices satisfies a check (after device_lists updates). */
export async function waitForDevices(testClient: TestClient, userId: string, check: (deviceIds: string[]) => boolean, description: string): Promise<string[]> {
  return waitFor(async () => {
    const map = await testClient.crypto.getUserDeviceInfo([userId]);
    const ids = [...(map.get(userId)?.keys() ?? [])];
    return check(ids) ? ids : undefined;
  }, description);
}

export { waitFor };
