/**
 * Real matrix-js-sdk clients with the Rust crypto, signed in to the test homeserver, for the
 * verification tests: one plays the extension's session, others the people and devices on the
 * other side. Crypto stores are in memory, so every client is a fresh device.
 */
import { ClientEvent, SyncState, createClient, type MatrixClient } from "matrix-js-sdk";
import { logger as sdkLogger, type Logger } from "matrix-js-sdk/lib/logger.js";
import type { CryptoApi } from "matrix-js-sdk/lib/crypto-api/index.js";
import { startHomeserver, type Homeserver, type Scenario } from "../../../homeserver/index.ts";
import { SecretStorageKeyBroker } from "../../../../src/core/verification/secret-key-broker.ts";
import { waitFor } from "../../../helpers/wait-for.ts";

// The SDK logs every request; tests keep only its errors.
(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");
const drop = (): void => {};
const errorsOnly = (name: string): Logger => ({
  trace: drop,
  debug: drop,
  info: drop,
  warn: drop,
  error: (...msg: unknown[]) => console.error(name, ...msg),
  getChild: (ns: string) => errorsOnly(`${name} ${ns}`),
});

/**
 * The SDK arms a 60–80 s abort timer for every request and never clears it, and retries failed
 * requests after sleeps of seconds; in a test process these would hold Node open long after the
 * test ended. Long timers are unref'd: they still fire while something else keeps the process alive.
 */
const armTimer = globalThis.setTimeout;
globalThis.setTimeout = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = armTimer(handler, ms, ...args);
  if ((ms ?? 0) >= 3_000) timer.unref();
  return timer;
}) as typeof setTimeout;

export interface TestClient {
  client: MatrixClient;
  crypto: CryptoApi;
  broker: SecretStorageKeyBroker;
  userId: string;
  deviceId: string;
  stop(): void;
}

export async function signIn(
  hs: Homeserver,
  userId: string,
  password: string,
  deviceName = "test",
  broker = new SecretStorageKeyBroker({ promptTimeoutMs: 20_000 }),
): Promise<TestClient> {
  const login = createClient({ baseUrl: hs.url, logger: errorsOnly("[login]") });
  const res = await login.loginRequest({
    type: "m.login.password",
    identifier: { type: "m.id.user", user: userId },
    password,
    initial_device_display_name: deviceName,
  });
  const client = createClient({
    baseUrl: hs.url,
    userId: res.user_id,
    deviceId: res.device_id,
    accessToken: res.access_token,
    cryptoCallbacks: broker.cryptoCallbacks,
    logger: errorsOnly(`[${deviceName}]`),
  });
  await client.initRustCrypto({ useIndexedDB: false });
  const prepared = new Promise<void>((resolve, reject) => {
    const onSync = (state: SyncState) => {
      if (state === SyncState.Prepared || state === SyncState.Syncing) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error) reject(new Error("sync failed"));
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient({ pollTimeout: 500, lazyLoadMembers: false });
  await prepared;
  return {
    client,
    crypto: client.getCrypto()!,
    broker,
    userId: res.user_id,
    deviceId: res.device_id,
    stop: () => client.stopClient(),
  };
}

/** A server and the clients a test opens on it, all stopped together. */
export class World {
  private readonly clients: TestClient[] = [];
  private constructor(readonly hs: Homeserver) {}

  /** `record`: keep every request and answer in `hs.exchanges` (to assert on what reached the server). */
  static async start(scenario: Scenario | string, options: { record?: boolean } = {}): Promise<World> {
    return new World(await startHomeserver({ scenario, record: options.record === true }));
  }

  account(userId: string) {
    const account = this.hs.accounts.find((a) => a.userId === userId);
    if (!account) throw new Error(`no account ${userId}`);
    return account;
  }

  async signIn(userId: string, deviceName?: string, broker?: SecretStorageKeyBroker): Promise<TestClient> {
    const c = await signIn(this.hs, userId, this.account(userId).password, deviceName, broker);
    this.clients.push(c);
    return c;
  }

  async stop(): Promise<void> {
    for (const c of this.clients) c.stop();
    await this.hs.stop();
  }
}

/** Polls `check` until it returns true (the SDK applies server changes asynchronously). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, limitMs = 15_000): Promise<void> {
  await waitFor(check, what, limitMs, 100);
}

/** Runs `fn` and returns what it threw (failing the test if it did not throw). */
export async function rejection(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error("expected a rejection, but it resolved");
}
