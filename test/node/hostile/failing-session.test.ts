// The session (src/background/session/) against the failing homeserver (test/homeserver/hostile/):
// 5xx answers, a server that never answers, a connection cut mid-answer, broken JSON, 429 with
// retry_after_ms, everything failing, and a /sync that hands back the same token forever. Each
// time: the status says offline and since when, the session comes back by itself once the server
// does, and no record is lost.
import "../core/unref-long-timers.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { stuckToken, type Failure } from "../../homeserver/hostile/index.ts";
import { appendHistory, queryHistory } from "../../../src/store/history.ts";
import { waitFor } from "../../helpers/wait-for.ts";
import { freshIndexedDB, makeManager, type TestSession } from "../background/session/helpers.ts";

const PACING = { requestTimeoutMs: 2_000, syncMarginMs: 1_500, repeatMinMs: 200, repeatMaxMs: 1_600 };

describe("failing homeserver: the session backs off, says offline since when, recovers, loses nothing", () => {
  let hs: Homeserver;
  let session: TestSession;
  /** Server-side arrival times of /sync requests, with their `since`. */
  const syncs: { at: number; since: string | null }[] = [];
  let userId: string;

  before(async () => {
    hs = await startHomeserver({ scenario: "demo" });
    const account = hs.accounts[0]!;
    userId = account.userId;
    freshIndexedDB();
    session = makeManager({
      http: {
        fetchFn: (input, init) => {
          const url = new URL(String(input));
          if (url.pathname.endsWith("/sync")) syncs.push({ at: Date.now(), since: url.searchParams.get("since") });
          return fetch(input, init);
        },
        timeoutMs: 2_000,
        pacing: PACING,
      },
    });
    await session.manager.signIn({ homeserver: hs.url, user: account.userId, password: account.password });
    assert.equal(await session.manager.refresh(), true);
    await appendHistory(await session.db(), userId, [{ kind: "device-added", userId, detail: "written before the failures" }]);
  });

  after(async () => {
    await session?.manager.shutdown();
    await hs?.stop();
  });

  const sync = async () => (await session.manager.status()).sync!;

  async function failAndRecover(failure: Failure, path?: string): Promise<void> {
    hs.hostile.failRequests({ ...(path ? { path } : {}), failure, times: Infinity });
    const offline = await waitFor(async () => {
      const s = await sync();
      return s.state === "offline" && s.offlineSince !== undefined ? s : undefined;
    }, `offline under ${failure.kind}`, 60_000);
    assert.ok(offline.offlineSince! <= Date.now());
    assert.ok((offline.lastError ?? "").length > 0, "the error is told");
    hs.hostile.clear();
    await waitFor(async () => {
      const s = await sync();
      return s.state === "syncing" && s.offlineSince === undefined;
    }, `back to syncing after ${failure.kind}`, 60_000);
    const history = await queryHistory(await session.db(), userId, {});
    assert.ok(history.entries.some((e) => e.detail === "written before the failures"), "the record is still there");
  }

  for (const [failure, path] of [
    [{ kind: "status", status: 502 }, "/sync"],
    [{ kind: "status", status: 500 }, undefined],
    [{ kind: "hang" }, "/sync"],
    [{ kind: "drop-mid-response" }, "/sync"],
    [{ kind: "malformed-json" }, "/sync"],
    [{ kind: "rate-limit", retryAfterMs: 1_000 }, "/sync"],
  ] as [Failure, string | undefined][])
    it(`${failure.kind}${"status" in failure ? ` ${failure.status}` : ""} on ${path ?? "every request"}`, () => failAndRecover(failure, path));

  it("429: the next /sync waits at least retry_after_ms", async () => {
    hs.hostile.failRequests({ path: "/sync", failure: { kind: "rate-limit", retryAfterMs: 1_500 }, times: 1 });
    const from = syncs.length;
    await waitFor(() => syncs.length >= from + 2 && hs.hostile.failed.some((f) => f.startsWith("rate-limit")), "a rate-limited /sync and the next one", 30_000);
    const [limited, next] = syncs.slice(from, from + 2);
    assert.ok(next!.at - limited!.at >= 1_500 - 10, `retried after ${next!.at - limited!.at} ms`);
    hs.hostile.clear();
  });

  it("a /keys/query that never answers is given up and retried: a new device still arrives", async () => {
    hs.hostile.failRequests({ path: "/keys/query", failure: { kind: "hang" }, times: 1 });
    await hs.applyStep("add-device");
    const client = session.manager.client()!;
    await waitFor(async () => (await client.getCrypto()!.getUserDeviceInfo(["@alice:localhost"])).get("@alice:localhost")?.size === 3, "alice's new device known", 60_000);
    assert.ok(hs.hostile.failed.some((f) => f.startsWith("hang /_matrix/client/v3/keys/query")), "the hang happened");
    hs.hostile.clear();
  });

  it("a /sync handing back the same token forever is paced, doubling, not spun; it moves on afterwards", async () => {
    hs.hostile.lieInSync(stuckToken());
    // News the stuck server keeps answering at once: without pacing the client would loop at full speed.
    await appendNews(hs);
    const from = syncs.length;
    await waitFor(() => syncs.length >= from + 6, "six stuck /sync requests", 60_000);
    const stuck = syncs.slice(from, from + 6);
    assert.ok(stuck.every((s) => s.since === stuck[0]!.since), "all asked with the same token");
    for (let i = 2; i < stuck.length; i++) {
      const wait = Math.min(PACING.repeatMinMs * 2 ** (i - 1), PACING.repeatMaxMs);
      assert.ok(stuck[i]!.at - stuck[i - 1]!.at >= wait - 10, `gap ${i}: ${stuck[i]!.at - stuck[i - 1]!.at} ms, at least ${wait} expected`);
    }
    hs.hostile.clear();
    await waitFor(async () => {
      const last = syncs.at(-1)!;
      return last.since !== stuck[0]!.since && (await sync()).state === "syncing";
    }, "a new token once the server is honest", 30_000);
  });
});

/** Something new for the signed-in user (a room message), so a stuck /sync always has news. */
async function appendNews(hs: Homeserver): Promise<void> {
  const grace = hs.accounts.find((a) => a.userId === "@grace:localhost")!;
  const login = await fetch(`${hs.url}/_matrix/client/v3/login`, {
    method: "POST",
    body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: grace.userId }, password: grace.password }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const lobby = [...hs.state.rooms.values()].find((r) => [...r.state.values()].some((e) => e.event.type === "m.room.name" && (e.event.content as { name?: string }).name === "Public Lobby"))!;
  await fetch(`${hs.url}/_matrix/client/v3/rooms/${encodeURIComponent(lobby.roomId)}/send/m.room.message/t${Date.now()}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${login.access_token}` },
    body: JSON.stringify({ msgtype: "m.text", body: "news" }),
  });
}

describe("failing homeserver at wake-up: a session resumed during an outage", () => {
  it("says offline, then syncs by itself once the server is back", async () => {
    const hs = await startHomeserver({ scenario: "demo" });
    const account = hs.accounts[0]!;
    freshIndexedDB();
    const http = { fetchFn: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), timeoutMs: 2_000, pacing: PACING };
    const first = makeManager({ http });
    let second: TestSession | undefined;
    try {
      await first.manager.signIn({ homeserver: hs.url, user: account.userId, password: account.password });
      assert.equal(await first.manager.refresh(), true);
      await first.manager.shutdown(); // the background stops
      hs.hostile.failRequests({ failure: { kind: "status", status: 503 }, times: Infinity });
      second = makeManager({ http }); // and wakes during the outage, from what it stored
      const manager = second.manager;
      await waitFor(async () => {
        const s = (await manager.status()).sync;
        return s?.state === "offline" && s.offlineSince !== undefined;
      }, "offline after waking in the outage", 60_000);
      hs.hostile.clear();
      await waitFor(async () => (await manager.status()).sync?.state === "syncing", "syncing once the server is back", 60_000);
      assert.equal((await manager.status()).deviceId, (await first.manager.status()).deviceId, "the same session");
    } finally {
      await second?.manager.shutdown();
      await hs.stop();
    }
  });
});
