/**
 * Each way a sign-in can fail before a session exists gives its own error code and message,
 * and leaves nothing stored. Failures the test homeserver does not produce (5xx, 429, silence,
 * a web server that is not Matrix) come from a tiny local fake server.
 */
import { afterEach, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { closedPortUrl, failingLogin, startFakeServer, MATRIX_VERSIONS, type FakeServer } from "./fake-server.ts";
import { databaseNames, freshIndexedDB, makeManager, rejection, storedSession, type TestSession } from "./helpers.ts";

let fake: FakeServer | undefined;
let session: TestSession;

beforeEach(() => {
  freshIndexedDB();
  session = makeManager({ http: { fetchFn: (i, o) => fetch(i, o), timeoutMs: 500 } });
});

afterEach(async () => {
  await session.manager.shutdown();
  await fake?.close();
  fake = undefined;
});

async function assertNothingStored(): Promise<void> {
  assert.deepEqual(await session.manager.status(), { signedIn: false });
  assert.equal(await storedSession(await session.db()), undefined);
  assert.deepEqual(await databaseNames(), ["matrix-trust-auditor"], "only the extension's own database exists");
}

describe("sign-in failures", () => {
  test("a 5xx from /login is server-error", async () => {
    fake = await startFakeServer(failingLogin({ status: 502, body: "Bad gateway" }));
    const error = await rejection(() =>
      session.manager.signIn({ homeserver: fake!.url, user: "alice", password: "secret" }),
    );
    assert.equal(error.code, "server-error");
    assert.match(error.message, /HTTP 502/);
    assert.ok(fake.requests.includes("POST /_matrix/client/v3/login"), "the login was attempted");
    await assertNothingStored();
  });

  test("a 429 is rate-limited, with the server's retry time", async () => {
    fake = await startFakeServer(
      failingLogin({ status: 429, body: { errcode: "M_LIMIT_EXCEEDED", error: "Too many requests", retry_after_ms: 7000 } }),
    );
    const error = await rejection(() =>
      session.manager.signIn({ homeserver: fake!.url, user: "alice", password: "secret" }),
    );
    assert.equal(error.code, "rate-limited");
    assert.equal(error.retryAfterMs, 7000);
    assert.match(error.message, /7 seconds/);
    await assertNothingStored();
  });

  test("a server that never answers is server-unreachable", async () => {
    fake = await startFakeServer(() => undefined);
    const error = await rejection(() =>
      session.manager.signIn({ homeserver: fake!.url, user: "alice", password: "secret" }),
    );
    assert.equal(error.code, "server-unreachable");
    assert.match(error.message, /did not answer/);
    await assertNothingStored();
  });

  test("a login that never answers is server-unreachable too", async () => {
    fake = await startFakeServer(failingLogin(undefined));
    const error = await rejection(() =>
      session.manager.signIn({ homeserver: fake!.url, user: "alice", password: "secret" }),
    );
    assert.equal(error.code, "server-unreachable");
    await assertNothingStored();
  });

  test("a closed port is server-unreachable", async () => {
    const url = await closedPortUrl();
    const error = await rejection(() => session.manager.signIn({ homeserver: url, user: "alice", password: "x" }));
    assert.equal(error.code, "server-unreachable");
    assert.ok(error.message.includes(url), "the message names the address");
    await assertNothingStored();
  });

  test("a host that does not exist is unknown-server", async () => {
    const error = await rejection(() =>
      session.manager.signIn({ homeserver: "no-such-homeserver.invalid", user: "alice", password: "x" }),
    );
    assert.equal(error.code, "unknown-server");
    assert.match(error.message, /no-such-homeserver\.invalid/);
    await assertNothingStored();
  });

  test("a web server that is not Matrix is unknown-server", async () => {
    fake = await startFakeServer(() => ({ status: 404, body: "<h1>Not found</h1>" }));
    const error = await rejection(() =>
      session.manager.signIn({ homeserver: fake!.url, user: "alice", password: "x" }),
    );
    assert.equal(error.code, "unknown-server");
    await assertNothingStored();
  });

  test("a /versions answer that is not a version list is unknown-server", async () => {
    fake = await startFakeServer(() => ({ status: 200, body: { hello: "world" } }));
    const error = await rejection(() => session.manager.resolve(fake!.url));
    assert.equal(error.code, "unknown-server");
  });

  test("an empty homeserver and a bare localpart ask for the homeserver", async () => {
    const error = await rejection(() => session.manager.signIn({ homeserver: " ", user: "alice", password: "x" }));
    assert.equal(error.code, "bad-request");
    assert.match(error.message, /homeserver/);
    await assertNothingStored();
  });
});

describe("homeserver resolution", () => {
  test("a server name is resolved through /.well-known/matrix/client and checked with /versions", async () => {
    const api = await startFakeServer((path) => (path === "/_matrix/client/versions" ? MATRIX_VERSIONS : { status: 404 }));
    fake = await startFakeServer((path) =>
      path === "/.well-known/matrix/client"
        ? { status: 200, body: { "m.homeserver": { base_url: `${api.url}/` } } }
        : { status: 404 },
    );
    try {
      const name = fake.url.replace("http://", "");
      const resolved = await session.manager.resolve(name);
      assert.equal(resolved.baseUrl, api.url);
      assert.equal(resolved.permissionOrigin, "http://127.0.0.1/*");
      assert.deepEqual(fake.requests, ["GET /.well-known/matrix/client"]);
      assert.deepEqual(api.requests, ["GET /_matrix/client/versions"]);
    } finally {
      await api.close();
    }
  });

  test("plain http to another computer is refused in plain words, before any request to it", async () => {
    const typed = await rejection(() => session.manager.resolve("http://192.0.2.7:8008"));
    assert.equal(typed.code, "unknown-server");
    assert.match(typed.message, /plain http:\/\/ is possible only for a server on this computer, and 192\.0\.2\.7:8008 is not/);
    fake = await startFakeServer((path) =>
      path === "/.well-known/matrix/client" ? { status: 200, body: { "m.homeserver": { base_url: "http://192.0.2.7:8008" } } } : { status: 404 },
    );
    const discovered = await rejection(() => session.manager.resolve(fake!.url.replace("http://", "")));
    assert.equal(discovered.code, "unknown-server");
    assert.match(discovered.message, /use its https:\/\/ address/);
    assert.deepEqual(fake.requests, ["GET /.well-known/matrix/client"]);
  });

  test("a well-known naming no homeserver is unknown-server", async () => {
    fake = await startFakeServer(() => ({ status: 200, body: { "m.identity_server": {} } }));
    const error = await rejection(() => session.manager.resolve(fake!.url.replace("http://", "")));
    assert.equal(error.code, "unknown-server");
    assert.match(error.message, /names no homeserver/);
  });

  test("a server name without a well-known file is tried as the homeserver itself", async () => {
    fake = await startFakeServer((path) => (path === "/_matrix/client/versions" ? MATRIX_VERSIONS : { status: 404 }));
    const resolved = await session.manager.resolve(fake.url.replace("http://", ""));
    assert.equal(resolved.baseUrl, fake.url);
  });

  test("a full URL whose API lives elsewhere is found through its well-known file", async () => {
    const api = await startFakeServer((path) => (path === "/_matrix/client/versions" ? MATRIX_VERSIONS : { status: 404 }));
    fake = await startFakeServer((path) =>
      path === "/.well-known/matrix/client" ? { status: 200, body: { "m.homeserver": { base_url: api.url } } } : { status: 404 },
    );
    try {
      assert.equal((await session.manager.resolve(`${fake.url}/`)).baseUrl, api.url);
    } finally {
      await api.close();
    }
  });

  test("addresses other than http(s) are refused", async () => {
    const error = await rejection(() => session.manager.resolve("ftp://example.org"));
    assert.equal(error.code, "unknown-server");
  });
});
