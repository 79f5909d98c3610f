import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  acknowledge,
  countUnacknowledged,
  findingsOfDevice,
  listFindings,
  markGone,
  markWarned,
  openAuditorDB,
  recordFindings,
  toFinding,
  type AuditorDB,
  type FindingInput,
} from "../../../src/store/index.ts";
import type { Finding } from "../../../src/core/verdicts.ts";

const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const ROOM = "!room:example.org";
const OTHER_ROOM = "!other:example.org";

async function withDB(run: (db: AuditorDB) => Promise<void>): Promise<void> {
  const db = await openAuditorDB(`findings-${randomUUID()}`);
  try {
    await run(db);
  } finally {
    db.close();
  }
}

function deviceFinding(userId: string, deviceId: string, ed25519: string, roomId = ROOM): FindingInput {
  return {
    id: `unsigned-device|${roomId}|${userId}|${deviceId}|${ed25519}`,
    kind: "unsigned-device",
    severity: "warning",
    roomId,
    userId,
    deviceId,
    ed25519,
  };
}

const userFinding = (userId: string, roomId = ROOM): FindingInput => ({
  id: `user-without-cross-signing|${roomId}|${userId}`,
  kind: "user-without-cross-signing",
  severity: "notice",
  roomId,
  userId,
});

test("recording new findings sets firstSeen and leaves them unwarned and unacknowledged", async () => {
  await withDB(async (db) => {
    const inputs = [deviceFinding(BOB, "DEV1", "key1"), userFinding(BOB)];
    const records = await recordFindings(db, ALICE, inputs, { now: 1000 });
    assert.equal(records.length, 2);
    for (const [i, record] of records.entries()) {
      assert.equal(record.id, inputs[i]!.id);
      assert.equal(record.account, ALICE);
      assert.equal(record.firstSeen, 1000);
      assert.equal(record.firstWarned, null);
      assert.equal(record.acknowledged, null);
      assert.equal(record.gone, null);
      assert.equal("pending" in record, false, "the index field stays inside the store");
    }
    assert.equal(await countUnacknowledged(db, ALICE), 2);
    assert.equal(await countUnacknowledged(db, ALICE, ROOM), 2);
    assert.equal(await countUnacknowledged(db, ALICE, OTHER_ROOM), 0);
    assert.equal(await countUnacknowledged(db, BOB), 0);
  });
});

test("recording the same findings again is idempotent and never moves firstSeen", async () => {
  await withDB(async (db) => {
    const inputs = [deviceFinding(BOB, "DEV1", "key1"), userFinding(BOB)];
    const first = await recordFindings(db, ALICE, inputs, { now: 1000 });
    await markWarned(db, ALICE, [inputs[0]!.id], 1500);
    const again = await recordFindings(db, ALICE, inputs, { now: 2000 });
    assert.equal(again[0]!.firstSeen, 1000);
    assert.equal(again[0]!.firstWarned, 1500);
    assert.deepEqual(again[1], first[1]);
    assert.equal((await listFindings(db, ALICE)).length, 2);
    assert.equal(await countUnacknowledged(db, ALICE), 2);
  });
});

test("a device ID seen with a new ed25519 key counts as a new device", async () => {
  await withDB(async (db) => {
    const old = deviceFinding(BOB, "DEV1", "old-key");
    await recordFindings(db, ALICE, [old], { now: 1000 });
    await markWarned(db, ALICE, [old.id], 1100);
    assert.equal(await acknowledge(db, ALICE, { device: { roomId: ROOM, userId: BOB, deviceId: "DEV1", ed25519: "old-key" } }, 1200), 1);
    assert.equal(await countUnacknowledged(db, ALICE), 0);

    // The audit's ids include the key, so the new key is a new finding…
    const renewed = deviceFinding(BOB, "DEV1", "new-key");
    const [fresh] = await recordFindings(db, ALICE, [renewed], { now: 2000 });
    assert.equal(fresh!.firstSeen, 2000);
    assert.equal(fresh!.acknowledged, null);
    assert.equal(await countUnacknowledged(db, ALICE), 1);

    // …and even under an id that leaves the key out, the store refuses to carry the old device's state over.
    const sameId = { ...deviceFinding(BOB, "DEV2", "key-a"), id: "unsigned-device|DEV2" };
    await recordFindings(db, ALICE, [sameId], { now: 3000 });
    await markWarned(db, ALICE, [sameId.id], 3100);
    await acknowledge(db, ALICE, { findingIds: [sameId.id] }, 3200);
    const [swapped] = await recordFindings(db, ALICE, [{ ...sameId, ed25519: "key-b" }], { now: 4000 });
    assert.equal(swapped!.ed25519, "key-b");
    assert.equal(swapped!.firstSeen, 4000);
    assert.equal(swapped!.firstWarned, null);
    assert.equal(swapped!.acknowledged, null);
    assert.equal(await countUnacknowledged(db, ALICE), 2);
  });
});

test("an identity finding seen with another master key starts afresh", async () => {
  await withDB(async (db) => {
    const changed: FindingInput = {
      id: `identity-changed|${ROOM}|${BOB}`,
      kind: "identity-changed",
      severity: "warning",
      roomId: ROOM,
      userId: BOB,
      masterKey: "master-1",
    };
    await recordFindings(db, ALICE, [changed], { now: 1000 });
    await acknowledge(db, ALICE, { findingIds: [changed.id] }, 1100);
    const [same] = await recordFindings(db, ALICE, [changed], { now: 1500 });
    assert.equal(same!.acknowledged, 1100);
    const [next] = await recordFindings(db, ALICE, [{ ...changed, masterKey: "master-2" }], { now: 2000 });
    assert.equal(next!.masterKey, "master-2");
    assert.equal(next!.firstSeen, 2000);
    assert.equal(next!.acknowledged, null);
    assert.equal(toFinding(next!).masterKey, "master-2");
    assert.equal(await countUnacknowledged(db, ALICE), 1);
  });
});

test("markWarned sets firstWarned only once and ignores unknown ids", async () => {
  await withDB(async (db) => {
    const finding = deviceFinding(BOB, "DEV1", "key1");
    await recordFindings(db, ALICE, [finding], { now: 1000 });
    assert.equal(await markWarned(db, ALICE, [finding.id, "no-such-finding"], 1500), 1);
    assert.equal(await markWarned(db, ALICE, [finding.id], 1800), 0);
    const [record] = await listFindings(db, ALICE);
    assert.equal(record!.firstWarned, 1500);
  });
});

test("acknowledging by ids, device, room and all clears the counts", async () => {
  await withDB(async (db) => {
    const a = deviceFinding(BOB, "DEV1", "key1");
    const aNew: FindingInput = { ...a, id: `${a.id}|new`, kind: "new-unverified-device" };
    const b = deviceFinding(BOB, "DEV2", "key2");
    const c = userFinding(BOB, OTHER_ROOM);
    const d = deviceFinding(ALICE, "MINE", "key3", OTHER_ROOM);
    await recordFindings(db, ALICE, [a, aNew, b, c, d], { now: 1000 });
    assert.equal(await countUnacknowledged(db, ALICE), 5);

    assert.equal(await acknowledge(db, ALICE, { findingIds: [b.id] }, 2000), 1);
    assert.equal(await acknowledge(db, ALICE, { findingIds: [b.id] }, 2500), 0, "already acknowledged");
    assert.equal(await countUnacknowledged(db, ALICE), 4);

    // Both findings about DEV1 (same room, user, ID and key) go together.
    const dev1 = { roomId: ROOM, userId: BOB, deviceId: "DEV1", ed25519: "key1" };
    assert.equal(await acknowledge(db, ALICE, { device: dev1 }, 3000), 2);
    assert.equal(await countUnacknowledged(db, ALICE, ROOM), 0);
    assert.equal(await countUnacknowledged(db, ALICE, OTHER_ROOM), 2);
    assert.deepEqual((await findingsOfDevice(db, ALICE, dev1)).map((r) => r.acknowledged), [3000, 3000]);

    assert.equal(await acknowledge(db, ALICE, { roomId: OTHER_ROOM }, 4000), 2);
    assert.equal(await countUnacknowledged(db, ALICE), 0);

    const e = userFinding("@carol:example.org");
    await recordFindings(db, ALICE, [e], { now: 5000 });
    assert.equal(await countUnacknowledged(db, ALICE), 1);
    assert.equal(await acknowledge(db, ALICE, { all: true }, 6000), 1);
    assert.equal(await countUnacknowledged(db, ALICE), 0);
    const ackTimes = (await listFindings(db, ALICE)).map((r) => r.acknowledged).sort();
    assert.deepEqual(ackTimes, [2000, 3000, 3000, 4000, 4000, 6000]);
  });
});

test("findings that stop applying within the audited scope are marked gone and no longer counted", async () => {
  await withDB(async (db) => {
    const bobDevice = deviceFinding(BOB, "DEV1", "key1");
    const carol = userFinding("@carol:example.org");
    const elsewhere = userFinding(BOB, OTHER_ROOM);
    await recordFindings(db, ALICE, [bobDevice, carol, elsewhere], { now: 1000 });
    await acknowledge(db, ALICE, { findingIds: [bobDevice.id] }, 1100);

    // A re-audit of Carol only in ROOM: Bob's finding is out of scope and stays as it is.
    await recordFindings(db, ALICE, [], { now: 2000, scope: { roomId: ROOM, userIds: ["@carol:example.org"] } });
    const afterCarol = await listFindings(db, ALICE, { roomId: ROOM });
    assert.equal(afterCarol.find((r) => r.id === carol.id)!.gone, 2000);
    assert.equal(afterCarol.find((r) => r.id === bobDevice.id)!.gone, null);
    assert.equal(await countUnacknowledged(db, ALICE, ROOM), 0);
    assert.equal(await countUnacknowledged(db, ALICE, OTHER_ROOM), 1, "other rooms untouched");

    // The whole room re-audited without Bob's device: gone too.
    await recordFindings(db, ALICE, [], { now: 3000, scope: { roomId: ROOM } });
    assert.equal((await listFindings(db, ALICE, { roomId: ROOM })).every((r) => r.gone !== null), true);

    // Seen again: a new occurrence — it applies, unacknowledged, with the earlier one in its history.
    const [back] = await recordFindings(db, ALICE, [bobDevice], { now: 4000, scope: { roomId: ROOM } });
    assert.equal(back!.gone, null);
    assert.equal(back!.firstSeen, 4000);
    assert.equal(back!.acknowledged, null);
    assert.deepEqual(back!.earlier, [{ firstSeen: 1000, firstWarned: null, acknowledged: 1100, gone: 3000 }]);
    const [carolBack] = await recordFindings(db, ALICE, [carol], { now: 5000 });
    assert.equal(carolBack!.gone, null);
    assert.equal(await countUnacknowledged(db, ALICE, ROOM), 2, "both came back unacknowledged");
  });
});

test("listing by room and pending only, and reading a device's findings", async () => {
  await withDB(async (db) => {
    const a = deviceFinding(BOB, "DEV1", "key1");
    const b = userFinding(BOB, OTHER_ROOM);
    await recordFindings(db, ALICE, [a, b], { now: 1000 });
    await recordFindings(db, BOB, [userFinding(ALICE)], { now: 1000 });
    await acknowledge(db, ALICE, { findingIds: [b.id] }, 2000);
    assert.deepEqual((await listFindings(db, ALICE)).map((r) => r.id).sort(), [a.id, b.id].sort());
    assert.deepEqual((await listFindings(db, ALICE, { roomId: OTHER_ROOM })).map((r) => r.id), [b.id]);
    assert.deepEqual((await listFindings(db, ALICE, { pendingOnly: true })).map((r) => r.id), [a.id]);
    assert.deepEqual((await listFindings(db, ALICE, { roomId: OTHER_ROOM, pendingOnly: true })), []);
    const dev = { roomId: ROOM, userId: BOB, deviceId: "DEV1", ed25519: "key1" };
    assert.deepEqual((await findingsOfDevice(db, ALICE, dev)).map((r) => r.id), [a.id]);
    assert.deepEqual(await findingsOfDevice(db, ALICE, { ...dev, ed25519: "other-key" }), []);
  });
});

test("a whole Finding can be recorded and comes back with the records' firstSeen and acknowledged", async () => {
  await withDB(async (db) => {
    const input = deviceFinding(BOB, "DEV1", "key1");
    await recordFindings(db, ALICE, [input], { now: 1000 });
    await acknowledge(db, ALICE, { findingIds: [input.id] }, 1100);
    // What the audit hands over: its own placeholder firstSeen/acknowledged must not win.
    const fromAudit: Finding = { ...input, firstSeen: 9999, acknowledged: false } as Finding;
    const [record] = await recordFindings(db, ALICE, [fromAudit], { now: 2000 });
    assert.deepEqual(toFinding(record!), { ...input, firstSeen: 1000, acknowledged: true });
    const userOnly = toFinding((await recordFindings(db, ALICE, [userFinding(BOB)], { now: 3000 }))[0]!);
    assert.equal("deviceId" in userOnly, false);
    assert.equal(userOnly.acknowledged, false);
  });
});

test("bad input is refused before anything is written", async () => {
  await withDB(async (db) => {
    const good = deviceFinding(BOB, "DEV1", "key1");
    await assert.rejects(recordFindings(db, ALICE, [good, { ...good, id: "x", roomId: "" }]), TypeError);
    await assert.rejects(recordFindings(db, "", [good]), TypeError);
    await assert.rejects(recordFindings(db, ALICE, [{ ...good, id: "y", ed25519: "" }]), TypeError);
    assert.deepEqual(await listFindings(db, ALICE), []);
  });
});

// Issue: an acknowledged finding that went away and came back (the same device key, the same master
// key, the same look-alike name) used to come back acknowledged — hidden from the inbox and the count.
test("a finding that went away and comes back is a new occurrence: unacknowledged, counted, both in its history", async () => {
  await withDB(async (db) => {
    const device = deviceFinding(BOB, "DEV1", "key1");
    const identity: FindingInput = { id: `identity-changed|${ROOM}|${BOB}|m2`, kind: "identity-changed", severity: "warning", roomId: ROOM, userId: BOB, masterKey: "m2" };
    const lookalike: FindingInput = { id: `lookalike-name|${ROOM}|@mallory:x|Bоb`, kind: "lookalike-name", severity: "warning", roomId: ROOM, userId: "@mallory:x" };
    const all = [device, identity, lookalike];
    await recordFindings(db, ALICE, all, { now: 1000 });
    await markWarned(db, ALICE, all.map((f) => f.id), 1050);
    assert.equal(await acknowledge(db, ALICE, { findingIds: all.map((f) => f.id) }, 1100), 3);
    assert.equal(await countUnacknowledged(db, ALICE), 0);

    // The audit sees them go (the device removed, the key replaced, the name changed)…
    assert.equal(await markGone(db, ALICE, all.map((f) => f.id), 2000), 3);
    assert.equal(await markGone(db, ALICE, all.map((f) => f.id), 2500), 0, "already gone");
    // …and come back exactly as they were.
    const back = await recordFindings(db, ALICE, all, { now: 3000 });
    for (const record of back) {
      assert.equal(record.acknowledged, null, record.id);
      assert.equal(record.firstWarned, null, record.id);
      assert.equal(record.firstSeen, 3000, record.id);
      assert.equal(record.gone, null, record.id);
      assert.deepEqual(record.earlier, [{ firstSeen: 1000, firstWarned: 1050, acknowledged: 1100, gone: 2000 }], record.id);
      assert.equal(toFinding(record).acknowledged, false);
    }
    assert.equal(await countUnacknowledged(db, ALICE), 3, "counted again");
    assert.equal((await listFindings(db, ALICE, { pendingOnly: true })).length, 3, "in the inbox again");

    // While it keeps applying, recording it again changes nothing; a second return adds a second entry.
    await acknowledge(db, ALICE, { findingIds: [device.id] }, 3100);
    const [same] = await recordFindings(db, ALICE, [device], { now: 3500 });
    assert.equal(same!.acknowledged, 3100);
    assert.equal(same!.earlier!.length, 1);
    await markGone(db, ALICE, [device.id], 4000);
    const [again] = await recordFindings(db, ALICE, [device], { now: 5000 });
    assert.deepEqual(again!.earlier!.map((o) => [o.firstSeen, o.gone]), [[1000, 2000], [3000, 4000]]);
    assert.equal(again!.acknowledged, null);
  });
});

test("a room's reconciliation for an older update does not mark a finding gone that a later update saw again", async () => {
  await withDB(async (db) => {
    const device = deviceFinding(BOB, "DEV1", "key1");
    await recordFindings(db, ALICE, [device], { now: 1000 });
    await markGone(db, ALICE, [device.id], 2000);
    await recordFindings(db, ALICE, [device], { now: 3000 }); // the next update saw it again
    // The update of 2000 (without the device) is reconciled late, after that.
    await recordFindings(db, ALICE, [], { now: 2000, scope: { roomId: ROOM } });
    const [record] = await listFindings(db, ALICE, { roomId: ROOM });
    assert.equal(record!.gone, null);
    assert.equal(await countUnacknowledged(db, ALICE, ROOM), 1);
  });
});
