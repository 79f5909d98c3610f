/**
 * The session against the real test homeserver, with real matrix-js-sdk and Rust crypto on
 * fake-indexeddb: sign in, status, restore after a restart (same device, no new login, resumes
 * from the saved sync token), sign out (device gone on the server, nothing of the account left
 * locally), wrong password, access tokens, and the cases where the server drops the session.
 */
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startHomeserver } from "../../../homeserver/index.ts";
import { appendHistory } from "../../../../src/store/history.ts";
import { SESSION_SNAPSHOT_KEY, saveSession } from "../../../../src/store/session.ts";
import { storeNamesFor } from "../../../../src/background/session/stores.ts";
import { waitFor } from "../../../helpers/wait-for.ts";
import {
  DEVICE_NAME,
  databaseNames,
  freshIndexedDB,
  makeManager,
  rejection,
  storedSession,
  type TestSession,
} from "./helpers.ts";

type Homeserver = Awaited<ReturnType<typeof startHomeserver>>;

let hs: Homeserver;
let alice: { userId: string; password: string };
const managers: TestSession[] = [];

function localpart(userId: string): string {
  return userId.slice(1, userId.indexOf(":"));
}

function serverDevices(userId = alice.userId): string[] {
  return [...(hs.state.users.get(userId)?.devices.keys() ?? [])].sort();
}

/** A manager on the current storage whose requests are recorded. */
function manager(): TestSession & { requests: string[] } {
  const requests: string[] = [];
  const made = makeManager({
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

/** Logs in with the raw API (as another app would) and returns the token and device. */
async function rawLogin(deviceName: string): Promise<{ access_token: string; device_id: string }> {
  const response = await fetch(`${hs.url}/_matrix/client/v3/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "m.login.password",
      identifier: { type: "m.id.user", user: alice.userId },
      password: alice.password,
      initial_device_display_name: deviceName,
    }),
  });
  assert.equal(response.status, 200);
  return (await response.json()) as { access_token: string; device_id: string };
}

before(async () => {
  hs = await startHomeserver({ scenario: "demo", port: 0 });
  const first = hs.accounts[0];
  assert.ok(first, "the demo scenario has an account");
  alice = first;
});

after(async () => {
  await hs.stop();
});

beforeEach(() => {
  freshIndexedDB();
});

afterEach(async () => {
  for (const made of managers.splice(0)) await made.manager.shutdown();
});

describe("signing in", () => {
  test("with a localpart: a new named device, stored credentials, a full status", async () => {
    const before = serverDevices();
    const { manager: session, db } = manager();
    const status = await session.signIn({ homeserver: hs.url, user: localpart(alice.userId), password: alice.password });

    assert.equal(status.signedIn, true);
    assert.equal(status.userId, alice.userId);
    assert.equal(status.homeserverUrl, hs.url);
    assert.equal(status.cryptoReady, true);
    assert.match(status.ed25519 ?? "", /^[A-Za-z0-9+/]{43}$/, "an unpadded base64 ed25519 key");
    assert.equal(typeof status.crossSigningReady, "boolean");
    assert.equal(typeof status.crossSigning?.publicKeysOnDevice, "boolean");

    const added = serverDevices().filter((id) => !before.includes(id));
    assert.deepEqual(added, [status.deviceId], "exactly one new device, ours");
    assert.equal(hs.state.users.get(alice.userId)?.devices.get(status.deviceId!)?.displayName, DEVICE_NAME);

    const stored = (await storedSession(await db())) as { format: number; state: string; deviceId: string; accessToken?: string; sealedAccessToken?: { data: string } };
    assert.equal(stored.state, "active");
    assert.equal(stored.deviceId, status.deviceId);
    // The token is kept sealed with the session's data key, never in the clear (docs/security.md).
    assert.equal(stored.format, 2);
    assert.equal(stored.accessToken, undefined);
    assert.ok((stored.sealedAccessToken?.data.length ?? 0) > 0);

    assert.equal(await session.refresh(), true, "a sync arrives");
    const synced = await session.status();
    assert.equal(synced.sync?.state, "syncing");
    // The crypto uploaded the device's keys, and they are the ones the status shows.
    const keys = hs.state.users.get(alice.userId)?.devices.get(status.deviceId!)?.deviceKeys as
      | { keys: Record<string, string> }
      | undefined;
    assert.equal(keys?.keys[`ed25519:${status.deviceId}`], status.ed25519);
  });

  test("with a full user ID and a server name resolved through .well-known", async () => {
    const { manager: session } = manager();
    const serverName = new URL(hs.url).host; // 127.0.0.1:PORT, answered by the server's well-known file
    const status = await session.signIn({ homeserver: serverName, user: alice.userId, password: alice.password });
    assert.equal(status.userId, alice.userId);
    assert.equal(status.homeserverUrl, hs.url);
  });

  test("a wrong password is wrong-password and leaves nothing anywhere", async () => {
    const before = serverDevices();
    const { manager: session, db } = manager();
    const error = await rejection(() =>
      session.signIn({ homeserver: hs.url, user: alice.userId, password: `${alice.password}-wrong` }),
    );
    assert.equal(error.code, "wrong-password");
    assert.match(error.message, /did not accept/);
    assert.deepEqual(serverDevices(), before, "no device was created");
    assert.equal(await storedSession(await db()), undefined);
    assert.deepEqual(await databaseNames(), ["matrix-trust-auditor"]);
    assert.deepEqual(await session.status(), { signedIn: false });
  });

  test("a second sign-in while signed in is refused", async () => {
    const { manager: session } = manager();
    await session.signIn({ homeserver: hs.url, user: alice.userId, password: alice.password });
    const devices = serverDevices();
    const error = await rejection(() => session.signIn({ homeserver: hs.url, user: alice.userId, password: alice.password }));
    assert.equal(error.code, "bad-request");
    assert.match(error.message, /Already signed in/);
    assert.deepEqual(serverDevices(), devices);
  });
});

describe("access tokens (for SSO-only servers)", () => {
  test("a token of a fresh device signs in as that device", async () => {
    const { access_token, device_id } = await rawLogin("token for the auditor");
    const { manager: session } = manager();
    const status = await session.signIn({ homeserver: hs.url, accessToken: access_token });
    assert.equal(status.userId, alice.userId);
    assert.equal(status.deviceId, device_id);
    assert.equal(status.cryptoReady, true);
  });

  test("a token whose device already has keys (another app's) is refused", async () => {
    const { manager: first } = manager();
    const owner = await first.signIn({ homeserver: hs.url, user: alice.userId, password: alice.password });
    await first.refresh();
    assert.ok(hs.state.users.get(alice.userId)?.devices.get(owner.deviceId!)?.deviceKeys, "the device published keys");
    const token = hs.state.users.get(alice.userId)?.devices.get(owner.deviceId!)?.accessTokens.values().next().value;
    assert.equal(typeof token, "string");

    freshIndexedDB();
    const { manager: second, db } = manager();
    const error = await rejection(() => second.signIn({ homeserver: hs.url, accessToken: token as string }));
    assert.equal(error.code, "bad-request");
    assert.match(error.message, /another app already uses/);
    assert.equal(await storedSession(await db()), undefined);
    assert.ok(serverDevices().includes(owner.deviceId!), "the other app's device is left alone");
  });

  test("an unknown token is refused as wrong credentials", async () => {
    const { manager: session } = manager();
    const error = await rejection(() => session.signIn({ homeserver: hs.url, accessToken: "syt_not_a_token" }));
    assert.equal(error.code, "wrong-password");
    assert.match(error.message, /access token/);
  });
});

describe("restoring after the background restarts", () => {
  test("a new session object on the same storage: same device, no login, resumes from the sync token", async () => {
    const first = manager();
    const signedIn = await first.manager.signIn({ homeserver: hs.url, user: alice.userId, password: alice.password });
    assert.equal(await first.manager.refresh(), true);
    await first.manager.shutdown();
    const devices = serverDevices();
    const tokens = hs.state.tokens.size;

    const second = manager(); // as a woken background builds it
    const firstAnswer = await second.manager.status();
    assert.equal(firstAnswer.signedIn, true);
    assert.equal(firstAnswer.deviceId, signedIn.deviceId);
    assert.equal(firstAnswer.ed25519, signedIn.ed25519, "the fingerprint is known from stored state");

    assert.equal(await second.manager.whenCryptoReady(), true);
    assert.equal(await second.manager.refresh(), true, "it syncs again");
    const live = await second.manager.status();
    assert.equal(live.cryptoReady, true);
    assert.equal(live.deviceId, signedIn.deviceId);
    assert.equal(live.ed25519, signedIn.ed25519, "the same crypto store, not a new identity");

    assert.deepEqual(serverDevices(), devices, "no second device on the server");
    assert.equal(hs.state.tokens.size, tokens, "no new access token: no new login");
    assert.ok(!second.requests.some((r) => r.includes("/login")), "no login request");
    const syncs = second.requests.filter((r) => r.includes("/_matrix/client/v3/sync"));
    assert.ok(syncs.length > 0);
    assert.match(syncs[0]!, /[?&]since=/, "the first sync resumes from the saved token");
  });

  test("a sign-in interrupted before it completed is undone at the next start", async () => {
    const { access_token, device_id } = await rawLogin(DEVICE_NAME);
    const { db } = makeManager();
    await saveSession(await db(), {
      format: 1,
      state: "pending",
      homeserverUrl: hs.url,
      userId: alice.userId,
      deviceId: device_id,
      accessToken: access_token,
      ...storeNamesFor(alice.userId, device_id),
      signedInAt: Date.now(),
    });
    (await db()).close();

    const { manager: session, db: db2 } = manager();
    assert.deepEqual(await session.status(), { signedIn: false });
    assert.ok(!serverDevices().includes(device_id), "the half-made device was logged out");
    assert.equal(await storedSession(await db2()), undefined);
  });
});

describe("signing out", () => {
  test("deletes the device on the server and every local trace of the account", async () => {
    const { manager: session, db } = manager();
    const status = await session.signIn({ homeserver: hs.url, user: alice.userId, password: alice.password });
    await session.refresh();
    await appendHistory(await db(), alice.userId, [{ kind: "device-added", userId: alice.userId, detail: "a record" }]);
    await appendHistory(await db(), "@someone-else:example.org", [{ kind: "device-added", userId: "@x:y", detail: "kept" }]);
    assert.ok((await databaseNames()).length > 1, "the session created its stores");

    assert.deepEqual(await session.signOut(), { serverLogoutFailed: false });

    assert.ok(!serverDevices().includes(status.deviceId!), "the server has no device left");
    assert.deepEqual(await databaseNames(), ["matrix-trust-auditor"], "crypto and sync stores are gone");
    const meta = await (await db()).getAllKeys("meta");
    assert.ok(!meta.includes("session") && !meta.includes(SESSION_SNAPSHOT_KEY), "no credentials or snapshot");
    const history = await (await db()).getAll("history");
    assert.deepEqual(
      history.map((entry) => entry.account),
      ["@someone-else:example.org"],
      "the account's records are gone, another account's stay",
    );
    assert.deepEqual(await session.status(), { signedIn: false });
    const again = await rejection(() => session.signOut());
    assert.equal(again.code, "not-signed-in");
  });

  test("with the server unreachable, local data is still wiped and the user is told", async () => {
    const own = await startHomeserver({ scenario: "demo", port: 0 });
    try {
      const account = own.accounts[0]!;
      const { manager: session, db } = manager();
      await session.signIn({ homeserver: own.url, user: account.userId, password: account.password });
      await own.stop();
      assert.deepEqual(await session.signOut(), { serverLogoutFailed: true });
      assert.deepEqual(await databaseNames(), ["matrix-trust-auditor"]);
      assert.equal(await storedSession(await db()), undefined);
    } finally {
      await own.stop().catch(() => undefined);
    }
  });

  test("a device removed on the server (elsewhere) ends the session here and says so", async () => {
    const { manager: session, db } = manager();
    const status = await session.signIn({ homeserver: hs.url, user: alice.userId, password: alice.password });
    await session.refresh();
    const token = hs.state.users.get(alice.userId)?.devices.get(status.deviceId!)?.accessTokens.values().next().value;
    const response = await fetch(`${hs.url}/_matrix/client/v3/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(response.status, 200);

    // The client notices at its next request; the wipe follows. Wait (bounded) for both.
    const wiped = async () => !(await session.status()).signedIn && (await databaseNames()).length === 1;
    await waitFor(wiped, "the session signed out and its store wiped", 15_000, 100);
    const after = await session.status();
    assert.equal(after.signedIn, false);
    assert.match(after.sync?.lastError ?? "", /signed out on the homeserver/);
    assert.deepEqual(await databaseNames(), ["matrix-trust-auditor"]);
    assert.equal(await storedSession(await db()), undefined);
  });
});
