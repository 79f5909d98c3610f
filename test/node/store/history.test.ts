import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  appendHistory,
  DEFAULT_HISTORY_RETENTION,
  getHistoryRetention,
  openAuditorDB,
  pruneHistory,
  queryHistory,
  setHistoryRetention,
  type AuditorDB,
  type HistoryEntry,
  type TrustChangeInput,
} from "../../../src/store/index.ts";

const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const CAROL = "@carol:example.org";
const ROOM = "!room:example.org";
const OTHER_ROOM = "!other:example.org";

async function withDB(run: (db: AuditorDB) => Promise<void>): Promise<void> {
  const db = await openAuditorDB(`history-${randomUUID()}`);
  try {
    await run(db);
  } finally {
    db.close();
  }
}

const change = (userId: string, roomId: string | undefined, detail: string, at?: number): TrustChangeInput => ({
  kind: "device-added",
  userId,
  ...(roomId === undefined ? {} : { roomId }),
  deviceId: "DEV",
  detail,
  ...(at === undefined ? {} : { at }),
});

const details = (entries: HistoryEntry[]) => entries.map((e) => e.detail);

test("appended entries get increasing seq numbers and read back newest first", async () => {
  await withDB(async (db) => {
    const appended = await appendHistory(db, ALICE, [change(BOB, ROOM, "one"), change(BOB, ROOM, "two")], 1000);
    assert.equal(appended.length, 2);
    assert.ok(appended[1]!.seq > appended[0]!.seq);
    assert.equal(appended[0]!.at, 1000, "time defaults to the time of appending");
    assert.equal(appended[0]!.account, ALICE);
    await appendHistory(db, ALICE, [{ kind: "identity-reset", userId: CAROL, detail: "three", at: 900 }], 1100);
    const page = await queryHistory(db, ALICE);
    assert.deepEqual(details(page.entries), ["three", "two", "one"], "append order, not the stated time");
    assert.equal(page.nextBefore, null);
    assert.equal(page.entries[0]!.at, 900);
    assert.equal("roomId" in page.entries[0]!, false);
  });
});

test("filters by room, by user and by both, and keeps accounts apart", async () => {
  await withDB(async (db) => {
    await appendHistory(db, ALICE, [
      change(BOB, ROOM, "bob-room"),
      change(CAROL, ROOM, "carol-room"),
      change(BOB, OTHER_ROOM, "bob-other"),
      change(BOB, undefined, "bob-nowhere"),
    ], 1000);
    await appendHistory(db, BOB, [change(BOB, ROOM, "bobs-own-account")], 1000);
    assert.deepEqual(details((await queryHistory(db, ALICE, { roomId: ROOM })).entries), ["carol-room", "bob-room"]);
    assert.deepEqual(details((await queryHistory(db, ALICE, { userId: BOB })).entries), ["bob-nowhere", "bob-other", "bob-room"]);
    assert.deepEqual(details((await queryHistory(db, ALICE, { roomId: ROOM, userId: BOB })).entries), ["bob-room"]);
    assert.deepEqual(details((await queryHistory(db, BOB)).entries), ["bobs-own-account"]);
    assert.deepEqual((await queryHistory(db, "@nobody:example.org")).entries, []);
  });
});

test("pages through the log with nextBefore until the end", async () => {
  await withDB(async (db) => {
    const inputs = Array.from({ length: 7 }, (_, i) => change(BOB, ROOM, `e${i}`));
    await appendHistory(db, ALICE, inputs, 1000);
    const seen: string[] = [];
    let before: number | undefined;
    let pages = 0;
    for (;;) {
      const page = await queryHistory(db, ALICE, { roomId: ROOM, limit: 3, ...(before === undefined ? {} : { before }) });
      pages++;
      seen.push(...details(page.entries));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, ["e6", "e5", "e4", "e3", "e2", "e1", "e0"]);
    // A page that ends exactly at the last entry says there is no next page.
    const exact = await queryHistory(db, ALICE, { limit: 7 });
    assert.equal(exact.entries.length, 7);
    assert.equal(exact.nextBefore, null);
    await assert.rejects(queryHistory(db, ALICE, { limit: 0 }), TypeError);
  });
});

test("retention by count prunes the oldest entries of that account only", async () => {
  await withDB(async (db) => {
    await setHistoryRetention(db, { maxAgeMs: DEFAULT_HISTORY_RETENTION.maxAgeMs, maxEntries: 5 });
    await appendHistory(db, BOB, [change(ALICE, ROOM, "bob's")], 1000);
    for (let i = 0; i < 8; i++) await appendHistory(db, ALICE, [change(BOB, ROOM, `e${i}`)], 1000 + i);
    assert.deepEqual(details((await queryHistory(db, ALICE)).entries), ["e7", "e6", "e5", "e4", "e3"]);
    assert.deepEqual(details((await queryHistory(db, BOB)).entries), ["bob's"]);
    // One append bigger than the bound keeps only the newest.
    await appendHistory(db, ALICE, Array.from({ length: 9 }, (_, i) => change(BOB, ROOM, `b${i}`)), 2000);
    assert.deepEqual(details((await queryHistory(db, ALICE)).entries), ["b8", "b7", "b6", "b5", "b4"]);
  });
});

test("retention by age prunes entries older than maxAgeMs", async () => {
  await withDB(async (db) => {
    await setHistoryRetention(db, { maxAgeMs: 1000, maxEntries: 100 });
    await appendHistory(db, ALICE, [change(BOB, ROOM, "old", 100), change(BOB, ROOM, "recent", 1500)], 1500);
    assert.deepEqual(details((await queryHistory(db, ALICE)).entries), ["recent"], "'old' was already past the bound");
    await appendHistory(db, ALICE, [change(BOB, ROOM, "later", 2400)], 2400);
    assert.deepEqual(details((await queryHistory(db, ALICE)).entries), ["later", "recent"]);
    assert.equal(await pruneHistory(db, ALICE, 2600), 1);
    assert.deepEqual(details((await queryHistory(db, ALICE)).entries), ["later"]);
  });
});

test("a changed retention setting is stored, validated, and applied by pruneHistory", async () => {
  await withDB(async (db) => {
    assert.deepEqual(await getHistoryRetention(db), DEFAULT_HISTORY_RETENTION);
    await appendHistory(db, ALICE, Array.from({ length: 4 }, (_, i) => change(BOB, ROOM, `e${i}`)), 1000);
    await setHistoryRetention(db, { maxAgeMs: 10_000, maxEntries: 2 });
    assert.deepEqual(await getHistoryRetention(db), { maxAgeMs: 10_000, maxEntries: 2 });
    assert.equal((await queryHistory(db, ALICE)).entries.length, 4, "applies from the next prune");
    assert.equal(await pruneHistory(db, ALICE, 1000), 2);
    assert.deepEqual(details((await queryHistory(db, ALICE)).entries), ["e3", "e2"]);
    await assert.rejects(setHistoryRetention(db, { maxAgeMs: 0, maxEntries: 2 }), TypeError);
    await assert.rejects(setHistoryRetention(db, { maxAgeMs: 10, maxEntries: 1.5 }), TypeError);
    assert.deepEqual(await getHistoryRetention(db), { maxAgeMs: 10_000, maxEntries: 2 });
  });
});

test("an append with one bad entry appends nothing", async () => {
  await withDB(async (db) => {
    const bad = { kind: "device-exploded", userId: BOB, detail: "?" } as unknown as TrustChangeInput;
    await assert.rejects(appendHistory(db, ALICE, [change(BOB, ROOM, "fine"), bad]), TypeError);
    await assert.rejects(appendHistory(db, ALICE, [change(BOB, ROOM, "x".repeat(5000))]), TypeError);
    await assert.rejects(appendHistory(db, ALICE, [change("", ROOM, "no user")]), TypeError);
    assert.deepEqual((await queryHistory(db, ALICE)).entries, []);
  });
});
