import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  acknowledge,
  appendHistory,
  countUnacknowledged,
  DB_VERSION,
  exportAccount,
  getMeta,
  listFindings,
  openAuditorDB,
  queryHistory,
  recordFindings,
  recordIdentityChange,
  setMeta,
  StorageError,
  type FindingInput,
} from "../../../src/store/index.ts";

const ALICE = "@alice:example.org";
const ROOM = "!room:example.org";

/** Opens with the raw IndexedDB API (not our code), running `upgrade` on creation. */
function rawOpen(name: string, version: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function rawPut(db: IDBDatabase, store: string, value: unknown, key: IDBValidKey): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, "readwrite");
    tx.objectStore(store).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

/** A profile as version 1 left it: exactly the v1 step (`meta` only), frozen here so later edits cannot fake a pass. */
async function createVersion1Profile(name: string): Promise<IDBDatabase> {
  const db = await rawOpen(name, 1, (created) => created.createObjectStore("meta"));
  await rawPut(db, "meta", 7, "bootCount");
  await rawPut(db, "meta", { homeserverUrl: "https://matrix.example.org", userId: ALICE, deviceId: "DEV" }, "session");
  await rawPut(db, "meta", "s72594_4483_1934", "syncToken");
  return db;
}

const finding = (n: number): FindingInput => ({
  id: `unsigned-device|${ROOM}|@u${n}:example.org|D${n}|k${n}`,
  kind: "unsigned-device",
  severity: "notice",
  roomId: ROOM,
  userId: `@u${n}:example.org`,
  deviceId: `D${n}`,
  ed25519: `k${n}`,
});

test("a version-1 profile upgrades to the current version without losing its meta records", async () => {
  const name = `migrate-${randomUUID()}`;
  (await createVersion1Profile(name)).close();

  const db = await openAuditorDB(name);
  try {
    assert.equal(DB_VERSION, 2);
    assert.equal(db.version, DB_VERSION);
    assert.deepEqual([...db.objectStoreNames].sort(), ["findings", "history", "identityChanges", "meta"]);
    assert.equal(await getMeta<number>(db, "bootCount"), 7);
    assert.deepEqual(await getMeta(db, "session"), { homeserverUrl: "https://matrix.example.org", userId: ALICE, deviceId: "DEV" });
    assert.equal(await getMeta(db, "syncToken"), "s72594_4483_1934");
    assert.equal((await db.getAllKeys("meta")).length, 3);
    const tx = db.transaction(["findings", "history"]);
    assert.deepEqual([...tx.objectStore("findings").indexNames].sort(), ["byDevice", "byRoom", "pending", "pendingByRoom"]);
    assert.deepEqual([...tx.objectStore("history").indexNames].sort(), ["byAccount", "byAccountTime", "byRoom", "byRoomUser", "byUser"]);
    await tx.done;
    // The new stores work on the upgraded profile.
    await recordFindings(db, ALICE, [finding(1)], { now: 1000 });
    assert.equal(await countUnacknowledged(db, ALICE), 1);
  } finally {
    db.close();
  }
});

test("records survive closing and reopening the database (a worker restart)", async () => {
  const name = `restart-${randomUUID()}`;
  const first = await openAuditorDB(name);
  await setMeta(first, "bootCount", 1);
  await recordFindings(first, ALICE, [finding(1), finding(2)], { now: 1000 });
  await acknowledge(first, ALICE, { findingIds: [finding(1).id] }, 1100);
  await recordIdentityChange(first, ALICE, { userId: "@u1:example.org", previousMasterKey: "m1", newMasterKey: "m2" }, 1200);
  await appendHistory(first, ALICE, [{ kind: "device-added", roomId: ROOM, userId: "@u1:example.org", deviceId: "D1", detail: "added" }], 1300);
  const before = await exportAccount(first, ALICE, 0);
  first.close();

  const second = await openAuditorDB(name);
  try {
    assert.deepEqual(await exportAccount(second, ALICE, 0), before);
    assert.equal(before.findings.length + before.identityChanges.length + before.history.length, 4);
    assert.equal(await getMeta(second, "bootCount"), 1);
    assert.equal(await countUnacknowledged(second, ALICE), 1);
    // History keeps counting up after the restart.
    const [next] = await appendHistory(second, ALICE, [{ kind: "device-removed", userId: "@u1:example.org", detail: "removed" }], 1400);
    assert.ok(next!.seq > before.history[0]!.seq);
    assert.deepEqual((await queryHistory(second, ALICE)).entries.map((e) => e.detail), ["removed", "added"]);
  } finally {
    second.close();
  }
});

test("an upgrade blocked by an old connection that never closes fails with a typed 'blocked' error", async () => {
  const name = `blocked-${randomUUID()}`;
  const old = await createVersion1Profile(name); // open, and deaf to versionchange
  const noticed: StorageError[] = [];
  try {
    const error = await openAuditorDB(name, { blockedTimeoutMs: 50, onBlocked: (e) => noticed.push(e) }).then(
      () => assert.fail("opened while blocked"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StorageError);
    assert.equal(error.kind, "blocked");
    assert.match(error.userMessage, /Close other extension pages/);
    assert.equal(noticed.length, 1);
    assert.equal(noticed[0]!.kind, "blocked");
  } finally {
    old.close();
  }
  // Once the old connection is gone, the upgrade goes through and nothing was lost.
  const db = await openAuditorDB(name, { blockedTimeoutMs: 50 });
  try {
    assert.equal(db.version, DB_VERSION);
    assert.equal(await getMeta(db, "bootCount"), 7);
  } finally {
    db.close();
  }
});

test("a blocked upgrade that the old connection releases in time opens normally", async () => {
  const name = `unblocked-${randomUUID()}`;
  const old = await createVersion1Profile(name);
  const noticed: StorageError[] = [];
  const opening = openAuditorDB(name, {
    blockedTimeoutMs: 5000,
    onBlocked: (e) => {
      noticed.push(e);
      old.close(); // the user closed the other page
    },
  });
  const db = await opening;
  try {
    assert.equal(noticed.length, 1);
    assert.equal(db.version, DB_VERSION);
    assert.equal(await getMeta(db, "bootCount"), 7);
  } finally {
    db.close();
  }
});

test("a newer version asking for the database closes ours and reports it as 'closed'", async () => {
  const name = `blocking-${randomUUID()}`;
  const closed: StorageError[] = [];
  const db = await openAuditorDB(name, { onClosed: (e) => closed.push(e) });
  await setMeta(db, "bootCount", 3);
  // A future version of the extension opening the same database; it must not be blocked by us.
  const newer = await rawOpen(name, DB_VERSION + 1);
  try {
    assert.equal(newer.version, DB_VERSION + 1);
    assert.equal(closed.length, 1);
    assert.equal(closed[0]!.kind, "closed");
    const error = await getMeta(db, "bootCount").then(() => assert.fail("read from a closed connection"), (e: unknown) => e);
    assert.ok(error instanceof StorageError);
    assert.equal(error.kind, "closed");
  } finally {
    newer.close();
  }
});

test("a database from a newer version of the extension is refused with a typed 'version' error", async () => {
  const name = `downgrade-${randomUUID()}`;
  (await rawOpen(name, DB_VERSION + 5, (created) => created.createObjectStore("meta"))).close();
  const error = await openAuditorDB(name).then(() => assert.fail("opened a newer database"), (e: unknown) => e);
  assert.ok(error instanceof StorageError);
  assert.equal(error.kind, "version");
  const still = await rawOpen(name, DB_VERSION + 5);
  assert.equal(still.version, DB_VERSION + 5, "left as it was");
  still.close();
});

test("a quota refusal mid-write surfaces as a 'quota' StorageError and leaves the records as they were", async () => {
  const db = await openAuditorDB(`quota-${randomUUID()}`);
  const proto = IDBObjectStore.prototype as { put: (...args: unknown[]) => IDBRequest };
  const realPut = proto.put;
  try {
    await recordFindings(db, ALICE, [finding(1)], { now: 1000 });
    const before = await listFindings(db, ALICE);

    // Fault injection: the browser refuses the third write of the transaction.
    let puts = 0;
    proto.put = function (this: IDBObjectStore, ...args: unknown[]) {
      if (++puts === 3) throw new DOMException("Quota exceeded", "QuotaExceededError");
      return realPut.apply(this, args);
    };
    const inputs = [finding(2), finding(3), finding(4), finding(5)];
    const error = await recordFindings(db, ALICE, inputs, { now: 2000 }).then(
      () => assert.fail("write succeeded"),
      (e: unknown) => e,
    );
    assert.ok(puts >= 3, "the injected refusal was reached");
    proto.put = realPut;

    assert.ok(error instanceof StorageError);
    assert.equal(error.kind, "quota");
    assert.match(error.userMessage, /no more storage space/);
    assert.deepEqual(await listFindings(db, ALICE), before, "the two writes before the refusal were rolled back");
    assert.equal(await countUnacknowledged(db, ALICE), 1);
  } finally {
    proto.put = realPut;
    db.close();
  }
});
