import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  listIdentityChanges,
  openAuditorDB,
  recordIdentityChange,
  resolveIdentityChange,
  type AuditorDB,
} from "../../../src/store/index.ts";
import type { IdentityResolution } from "../../../src/core/verdicts.ts";

const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const CAROL = "@carol:example.org";

async function withDB(run: (db: AuditorDB) => Promise<void>): Promise<void> {
  const db = await openAuditorDB(`identity-${randomUUID()}`);
  try {
    await run(db);
  } finally {
    db.close();
  }
}

test("an identity change is recorded once; seeing it again keeps firstSeen", async () => {
  await withDB(async (db) => {
    const first = await recordIdentityChange(db, ALICE, { userId: BOB, previousMasterKey: "m1", newMasterKey: "m2" }, 1000);
    assert.deepEqual(first, {
      account: ALICE,
      userId: BOB,
      previousMasterKey: "m1",
      newMasterKey: "m2",
      firstSeen: 1000,
      resolution: null,
      resolvedAt: null,
    });
    const again = await recordIdentityChange(db, ALICE, { userId: BOB, previousMasterKey: "m1", newMasterKey: "m2" }, 2000);
    assert.deepEqual(again, first);
    assert.equal((await listIdentityChanges(db, ALICE)).length, 1);
  });
});

test("an unknown previous key is filled in later but never erased", async () => {
  await withDB(async (db) => {
    await recordIdentityChange(db, ALICE, { userId: BOB, previousMasterKey: null, newMasterKey: "m2" }, 1000);
    const filled = await recordIdentityChange(db, ALICE, { userId: BOB, previousMasterKey: "m1", newMasterKey: "m2" }, 2000);
    assert.equal(filled.previousMasterKey, "m1");
    assert.equal(filled.firstSeen, 1000);
    const kept = await recordIdentityChange(db, ALICE, { userId: BOB, previousMasterKey: null, newMasterKey: "m2" }, 3000);
    assert.equal(kept.previousMasterKey, "m1");
  });
});

test("resolutions are recorded with their time, and a later one replaces an earlier one", async () => {
  await withDB(async (db) => {
    await recordIdentityChange(db, ALICE, { userId: BOB, previousMasterKey: "m1", newMasterKey: "m2" }, 1000);
    const pinned = await resolveIdentityChange(db, ALICE, BOB, "m2", "pinned", 1500);
    assert.equal(pinned!.resolution, "pinned");
    assert.equal(pinned!.resolvedAt, 1500);
    const reverified = await resolveIdentityChange(db, ALICE, BOB, "m2", "re-verified", 1800);
    assert.equal(reverified!.resolution, "re-verified");
    assert.equal(reverified!.resolvedAt, 1800);
    // Recording the change again does not undo its resolution.
    const seen = await recordIdentityChange(db, ALICE, { userId: BOB, previousMasterKey: "m1", newMasterKey: "m2" }, 2000);
    assert.equal(seen.resolution, "re-verified");
    assert.equal(await resolveIdentityChange(db, ALICE, BOB, "m3", "withdrawn", 2100), undefined, "no such change");
    await assert.rejects(resolveIdentityChange(db, ALICE, BOB, "m2", "ignored" as IdentityResolution), TypeError);
  });
});

test("lists newest first, by user, unresolved only, and per account", async () => {
  await withDB(async (db) => {
    await recordIdentityChange(db, ALICE, { userId: BOB, previousMasterKey: "b1", newMasterKey: "b2" }, 1000);
    await recordIdentityChange(db, ALICE, { userId: CAROL, previousMasterKey: "c1", newMasterKey: "c2" }, 2000);
    await recordIdentityChange(db, ALICE, { userId: BOB, previousMasterKey: "b2", newMasterKey: "b3" }, 3000);
    await recordIdentityChange(db, BOB, { userId: CAROL, previousMasterKey: "c1", newMasterKey: "c2" }, 4000);
    await resolveIdentityChange(db, ALICE, BOB, "b2", "withdrawn", 3500);
    assert.deepEqual((await listIdentityChanges(db, ALICE)).map((r) => r.newMasterKey), ["b3", "c2", "b2"]);
    assert.deepEqual((await listIdentityChanges(db, ALICE, { userId: BOB })).map((r) => r.newMasterKey), ["b3", "b2"]);
    assert.deepEqual(
      (await listIdentityChanges(db, ALICE, { unresolvedOnly: true })).map((r) => r.newMasterKey),
      ["b3", "c2"],
    );
    assert.deepEqual((await listIdentityChanges(db, BOB)).map((r) => r.account), [BOB]);
  });
});

test("bad input is refused", async () => {
  await withDB(async (db) => {
    await assert.rejects(recordIdentityChange(db, ALICE, { userId: "", previousMasterKey: null, newMasterKey: "m" }), TypeError);
    await assert.rejects(recordIdentityChange(db, ALICE, { userId: BOB, previousMasterKey: null, newMasterKey: "" }), TypeError);
    assert.deepEqual(await listIdentityChanges(db, ALICE), []);
  });
});
