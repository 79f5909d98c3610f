/**
 * The data key and the passphrase lock, against the real test homeserver with the real SDK and Rust
 * crypto on fake-indexeddb. A "worker restart" is a new SessionManager with the same unlocked-key
 * store (storage.session survives it); a "browser restart" is one with an empty store.
 */
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startHomeserver } from "../../../homeserver/index.ts";
import { saveSession, type StoredSession } from "../../../../src/store/session.ts";
import { storeNamesFor } from "../../../../src/background/session/stores.ts";
import { memoryKeyStore, type UnlockedKeyStore } from "../../../../src/background/session/unlocked-key.ts";
import { freshIndexedDB, makeManager, rejection, storedSession, type TestSession } from "./helpers.ts";

type Homeserver = Awaited<ReturnType<typeof startHomeserver>>;

let hs: Homeserver;
let alice: { userId: string; password: string };
const managers: TestSession[] = [];
const PASSPHRASE = "correct horse battery";

/** A manager whose requests are recorded, over `keys` (the browser's storage.session). */
function manager(keys: UnlockedKeyStore): TestSession & { requests: string[] } {
  const requests: string[] = [];
  const made = makeManager({
    unlockedKeys: keys,
    http: {
      fetchFn: (input, init) => {
        requests.push(`${init?.method ?? "GET"} ${String(input)}`);
        return fetch(input, init);
      },
      timeoutMs: 5_000,
    },
  });
  managers.push(made);
  return { ...made, requests };
}

const tokenOf = (deviceId: string): string =>
  [...hs.state.tokens].find(([, who]) => who.deviceId === deviceId)?.[0] ?? assert.fail("the device has a token");

async function signedIn(keys = memoryKeyStore()) {
  const made = manager(keys);
  const status = await made.manager.signIn({ homeserver: hs.url, user: alice.userId, password: alice.password });
  return { ...made, keys, status };
}

async function stop(made: TestSession): Promise<void> {
  await made.manager.shutdown();
  (await made.db()).close();
}

before(async () => {
  hs = await startHomeserver({ scenario: "demo", port: 0 });
  alice = hs.accounts[0]!;
});
after(async () => hs.stop());
beforeEach(() => {
  freshIndexedDB();
});
afterEach(async () => {
  for (const made of managers.splice(0)) await made.manager.shutdown();
});

describe("the data key", () => {
  test("a new session keeps its token sealed and its data key beside it (no lock)", async () => {
    const { manager: session, db, status } = await signedIn();
    assert.equal(status.protection, "data-key");
    assert.equal(status.locked, false);
    const stored = (await storedSession(await db())) as StoredSession;
    assert.equal(stored.format, 2);
    assert.ok(!JSON.stringify(stored).includes(tokenOf(status.deviceId!)), "the token is not in the record");
    assert.equal(await session.refresh(), true, "the sealed token works: it syncs");
  });

  test("a worker restart without a lock resumes at once", async () => {
    const first = await signedIn();
    await stop(first);
    const second = manager(memoryKeyStore()); // no lock: nothing needed from storage.session
    assert.equal((await second.manager.status()).locked, false);
    assert.equal(await second.manager.whenCryptoReady(), true);
    assert.equal((await second.manager.status()).ed25519, first.status.ed25519, "the same crypto store, opened with the same key");
    assert.equal(await second.manager.refresh(), true, "and syncs");
  });
});

describe("the passphrase lock", () => {
  test("setting it: too short is refused; set, the key is stored only wrapped", async () => {
    const { manager: session, db } = await signedIn();
    const short = await rejection(() => session.setPassphrase("short"));
    assert.equal(short.code, "bad-request");
    assert.equal((await session.status()).protection, "data-key", "nothing changed");
    const status = await session.setPassphrase(PASSPHRASE);
    assert.equal(status.protection, "passphrase");
    assert.equal(status.locked, false, "setting it does not lock");
    const stored = (await storedSession(await db())) as StoredSession & { dataKey: Record<string, unknown> };
    assert.equal(stored.dataKey.lock, "passphrase");
    assert.equal(stored.dataKey.key, undefined, "no unwrapped key in the record");
    assert.ok((stored.dataKey.iterations as number) >= 600_000);
  });

  test("signing in with a passphrase: the key is stored wrapped from the start; a short one is refused before any login", async () => {
    const keys = memoryKeyStore();
    const first = manager(keys);
    const short = await rejection(() => first.manager.signIn({ homeserver: hs.url, user: alice.userId, password: alice.password, passphrase: "short" }));
    assert.equal(short.code, "bad-request");
    assert.ok(!first.requests.some((r) => r.includes("/login")), "refused before the login");
    const status = await first.manager.signIn({ homeserver: hs.url, user: alice.userId, password: alice.password, passphrase: PASSPHRASE });
    assert.equal(status.protection, "passphrase");
    assert.equal(status.locked, false);
    const stored = (await storedSession(await first.db())) as StoredSession & { dataKey: Record<string, unknown> };
    assert.equal(stored.dataKey.lock, "passphrase");
    assert.equal(await first.manager.refresh(), true);
    await stop(first);
    const restarted = manager(memoryKeyStore());
    assert.equal((await restarted.manager.status()).locked, true, "a browser restart needs the passphrase");
    await restarted.manager.unlock(PASSPHRASE);
    assert.equal(await restarted.manager.whenCryptoReady(), true);
    assert.equal((await restarted.manager.status()).ed25519, status.ed25519);
    assert.equal(await restarted.manager.refresh(), true);
  });

  test("worker restart: no passphrase needed; browser restart: locked until the right passphrase", async () => {
    const first = await signedIn();
    await first.manager.setPassphrase(PASSPHRASE);
    await stop(first);

    const worker = manager(first.keys);
    assert.equal((await worker.manager.status()).locked, false, "storage.session still holds the key");
    assert.equal(await worker.manager.whenCryptoReady(), true);
    assert.equal(await worker.manager.refresh(), true);
    await stop(worker);

    const browser = manager(memoryKeyStore());
    const locked = await browser.manager.status();
    assert.equal(locked.signedIn, true);
    assert.equal(locked.locked, true);
    assert.equal(locked.userId, alice.userId);
    assert.equal(browser.manager.client(), undefined, "no client while locked");
    assert.equal(await browser.manager.refresh(1_000), false, "no sync while locked");
    assert.deepEqual(browser.requests, [], "nothing sent to the server while locked");

    const before = JSON.stringify(await storedSession(await browser.db()));
    const wrong = await rejection(() => browser.manager.unlock("not the passphrase"));
    assert.equal(wrong.code, "wrong-passphrase");
    assert.match(wrong.message, /not this session's passphrase/);
    assert.equal((await browser.manager.status()).locked, true, "still locked");
    assert.equal(JSON.stringify(await storedSession(await browser.db())), before, "nothing stored changed");

    const unlocked = await browser.manager.unlock(PASSPHRASE);
    assert.equal(unlocked.locked, false);
    assert.equal(await browser.manager.whenCryptoReady(), true);
    assert.equal((await browser.manager.status()).ed25519, first.status.ed25519, "the same device and crypto store");
    assert.equal(await browser.manager.refresh(), true, "it syncs again");
  });

  test("lock now: the client stops and the key leaves storage.session; unlock resumes", async () => {
    const { manager: session, keys, status } = await signedIn();
    const refused = await rejection(() => session.lock());
    assert.equal(refused.code, "bad-request", "no lock without a passphrase");
    await session.setPassphrase(PASSPHRASE);
    assert.ok(await keys.get(status.deviceId!), "unlocked key in storage.session");
    const locked = await session.lock();
    assert.equal(locked.locked, true);
    assert.equal(locked.sync?.state, "stopped");
    assert.equal(session.client(), undefined);
    assert.equal(await keys.get(status.deviceId!), undefined, "the unwrapped key is gone");
    await session.unlock(PASSPHRASE);
    assert.equal(await session.whenCryptoReady(), true);
    assert.equal(await session.refresh(), true);
  });

  test("changing and removing the passphrase re-wrap the key only; a wrong current one changes nothing", async () => {
    const first = await signedIn();
    await first.manager.setPassphrase(PASSPHRASE);
    const wrongChange = await rejection(() => first.manager.setPassphrase("a new passphrase", "wrong passphrase"));
    assert.equal(wrongChange.code, "wrong-passphrase");
    const noCurrent = await rejection(() => first.manager.setPassphrase("a new passphrase"));
    assert.equal(noCurrent.code, "wrong-passphrase");
    await first.manager.setPassphrase("a new passphrase", PASSPHRASE);
    await stop(first);

    const restarted = manager(memoryKeyStore());
    assert.equal((await rejection(() => restarted.manager.unlock(PASSPHRASE))).code, "wrong-passphrase", "the old one no longer opens it");
    await restarted.manager.unlock("a new passphrase");
    assert.equal(await restarted.manager.whenCryptoReady(), true);
    assert.equal((await rejection(() => restarted.manager.removePassphrase(PASSPHRASE))).code, "wrong-passphrase");
    const removed = await restarted.manager.removePassphrase("a new passphrase");
    assert.equal(removed.protection, "data-key");
    await stop(restarted);

    const again = manager(memoryKeyStore());
    assert.equal((await again.manager.status()).locked, false, "no passphrase: a browser restart needs none");
    assert.equal(await again.manager.whenCryptoReady(), true);
    assert.equal((await again.manager.status()).ed25519, first.status.ed25519);
    assert.equal(await again.manager.refresh(), true, "and syncs");
  });

  test("signing out while locked deletes everything here (the token cannot be read to log out)", async () => {
    const first = await signedIn();
    await first.manager.setPassphrase(PASSPHRASE);
    await stop(first);
    const locked = manager(memoryKeyStore());
    assert.equal((await locked.manager.status()).locked, true);
    const result = await locked.manager.signOut();
    assert.equal(result.serverLogoutFailed, true, "the device stays on the server; the popup says so");
    assert.equal(await storedSession(await locked.db()), undefined);
    assert.deepEqual(await locked.manager.status(), { signedIn: false });
  });
});

describe("a session of an earlier release (token in the clear, crypto store without a key)", () => {
  test("keeps working unchanged; the lock asks for a new sign-in", async () => {
    const login = (await (
      await fetch(`${hs.url}/_matrix/client/v3/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: alice.userId }, password: alice.password }),
      })
    ).json()) as { access_token: string; device_id: string };
    const { db } = makeManager();
    const legacy: StoredSession = {
      format: 1,
      state: "active",
      homeserverUrl: hs.url,
      userId: alice.userId,
      deviceId: login.device_id,
      accessToken: login.access_token,
      ...storeNamesFor(alice.userId, login.device_id),
      signedInAt: Date.now(),
    };
    await saveSession(await db(), legacy);
    (await db()).close();

    const { manager: session, db: db2 } = manager(memoryKeyStore());
    const status = await session.status();
    assert.equal(status.protection, "unencrypted");
    assert.equal(status.locked, false);
    assert.equal(await session.whenCryptoReady(), true);
    assert.equal(await session.refresh(), true, "it syncs as before");
    const refused = await rejection(() => session.setPassphrase(PASSPHRASE));
    assert.equal(refused.code, "needs-sign-in");
    assert.match(refused.message, /sign in again/i);
    assert.deepEqual(await storedSession(await db2()), legacy, "the stored session is left as it was");
  });
});
