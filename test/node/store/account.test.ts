import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  acknowledge,
  appendHistory,
  countUnacknowledged,
  DB_VERSION,
  EXPORT_FORMAT,
  exportAccount,
  listFindings,
  listIdentityChanges,
  openAuditorDB,
  queryHistory,
  recordFindings,
  recordIdentityChange,
  wipeAccount,
  type AuditorDB,
} from "../../../src/store/index.ts";

const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const ROOM = "!room:example.org";

async function withDB(run: (db: AuditorDB) => Promise<void>): Promise<void> {
  const db = await openAuditorDB(`account-${randomUUID()}`);
  try {
    await run(db);
  } finally {
    db.close();
  }
}

/** Gives an account one record of every kind, with `other` as the user the records are about. */
async function fill(db: AuditorDB, account: string, other: string): Promise<void> {
  await recordFindings(db, account, [
    { id: `d|${other}`, kind: "unsigned-device", severity: "notice", roomId: ROOM, userId: other, deviceId: "D", ed25519: "k" },
    { id: `u|${other}`, kind: "user-without-cross-signing", severity: "notice", roomId: ROOM, userId: other },
  ], { now: 1000 });
  await acknowledge(db, account, { findingIds: [`u|${other}`] }, 1100);
  await recordIdentityChange(db, account, { userId: other, previousMasterKey: "m1", newMasterKey: "m2" }, 1200);
  await appendHistory(db, account, [
    { kind: "member-joined", roomId: ROOM, userId: other, detail: "joined", at: 1300 },
    { kind: "device-added", roomId: ROOM, userId: other, deviceId: "D", detail: "added \"Phone\"", at: 1400 },
  ], 1400);
}

test("wiping one account deletes all its records and leaves another account's intact", async () => {
  await withDB(async (db) => {
    await fill(db, ALICE, BOB);
    await fill(db, BOB, ALICE);
    const bobBefore = await exportAccount(db, BOB, 5000);

    assert.deepEqual(await wipeAccount(db, ALICE), { findings: 2, identityChanges: 1, history: 2 });
    assert.deepEqual(await listFindings(db, ALICE), []);
    assert.deepEqual(await listIdentityChanges(db, ALICE), []);
    assert.deepEqual((await queryHistory(db, ALICE)).entries, []);
    assert.equal(await countUnacknowledged(db, ALICE), 0);

    assert.deepEqual(await exportAccount(db, BOB, 5000), bobBefore);
    assert.equal(await countUnacknowledged(db, BOB), 1);
    assert.deepEqual(await wipeAccount(db, ALICE), { findings: 0, identityChanges: 0, history: 0 });
  });
});

test("an account whose ID is a prefix of another's is wiped alone", async () => {
  await withDB(async (db) => {
    await fill(db, "@al:example.org", BOB);
    await fill(db, "@al:example.org.evil", BOB);
    await wipeAccount(db, "@al:example.org");
    assert.equal((await listFindings(db, "@al:example.org.evil")).length, 2);
    assert.equal((await queryHistory(db, "@al:example.org.evil")).entries.length, 2);
  });
});

test("the export holds every record of the account as plain JSON", async () => {
  await withDB(async (db) => {
    await fill(db, ALICE, BOB);
    await fill(db, BOB, ALICE);
    const exported = await exportAccount(db, ALICE, 9000);
    assert.equal(exported.format, EXPORT_FORMAT);
    assert.equal(exported.schemaVersion, DB_VERSION);
    assert.equal(exported.exportedAt, 9000);
    assert.equal(exported.account, ALICE);
    assert.deepEqual(JSON.parse(JSON.stringify(exported)), exported, "survives JSON unchanged");

    assert.deepEqual(exported.findings.map((f) => f.id).sort(), [`d|${BOB}`, `u|${BOB}`]);
    assert.equal(exported.findings.every((f) => f.account === ALICE && !("pending" in f)), true);
    assert.equal(exported.findings.find((f) => f.id === `u|${BOB}`)!.acknowledged, 1100);
    assert.deepEqual(exported.identityChanges.map((c) => [c.account, c.newMasterKey]), [[ALICE, "m2"]]);
    assert.deepEqual(exported.history.map((h) => h.detail), ["joined", "added \"Phone\""], "oldest first");
    assert.equal(exported.history.every((h) => h.account === ALICE), true);
  });
});
