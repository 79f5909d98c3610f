// The whole records database as one JSON value (the command line's state file) and back: every
// store's records come back as they were, older schemas are upgraded by the same steps, and a
// malformed or newer dump is refused without leaving a half-loaded database.
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { DB_VERSION, getMeta, openAuditorDB, setMeta } from "../../../src/store/db.ts";
import { checkDump, dumpDatabase, loadDatabase, DUMP_FORMAT } from "../../../src/store/dump.ts";
import { StorageError } from "../../../src/store/errors.ts";
import { acknowledge, listFindings, recordFindings } from "../../../src/store/findings.ts";
import { appendHistory, queryHistory } from "../../../src/store/history.ts";
import { recordIdentityChange, listIdentityChanges } from "../../../src/store/identity-changes.ts";

const ME = "@me:x";
const FINDING = { id: "f1", kind: "unsigned-device" as const, severity: "notice" as const, roomId: "!r:x", userId: "@bob:x", deviceId: "B", ed25519: "k" };

test("a dump loads back to the same records, through JSON", async () => {
  const db = await openAuditorDB(randomUUID());
  await recordFindings(db, ME, [FINDING], { now: 10 });
  await acknowledge(db, ME, { findingIds: ["f1"] }, 20);
  await recordIdentityChange(db, ME, { userId: "@bob:x", previousMasterKey: "K1", newMasterKey: "K2" }, 30);
  await appendHistory(db, ME, [{ kind: "device-added", userId: "@bob:x", deviceId: "B", detail: "New session B." }], 40);
  await setMeta(db, "some\u0001key", { nested: [1, "two"] });
  const dump = await dumpDatabase(db);
  db.close();
  assert.equal(dump.format, DUMP_FORMAT);
  assert.equal(dump.schemaVersion, DB_VERSION);

  const back = await loadDatabase(randomUUID(), JSON.parse(JSON.stringify(dump)));
  assert.deepEqual(await dumpDatabase(back), dump);
  assert.equal((await listFindings(back, ME))[0]!.acknowledged, 20);
  assert.equal((await listIdentityChanges(back, ME))[0]!.newMasterKey, "K2");
  assert.equal((await queryHistory(back, ME)).entries[0]!.detail, "New session B.");
  assert.deepEqual(await getMeta(back, "some\u0001key"), { nested: [1, "two"] });
  // New history entries continue after the loaded ones.
  const [next] = await appendHistory(back, ME, [{ kind: "device-removed", userId: "@bob:x", deviceId: "B", detail: "Gone." }], 50);
  assert.ok(next!.seq > (await queryHistory(back, ME)).entries[1]!.seq);
  back.close();
});

test("a dump of an older schema is loaded at its version and upgraded", async () => {
  const v1 = await openAuditorDB(randomUUID(), { version: 1 });
  await setMeta(v1, "history.retention", { maxAgeMs: 1000, maxEntries: 5 });
  const old = await dumpDatabase(v1);
  v1.close();
  assert.equal(old.schemaVersion, 1);
  const db = await loadDatabase(randomUUID(), old);
  assert.equal(db.version, DB_VERSION);
  assert.deepEqual(await getMeta(db, "history.retention"), { maxAgeMs: 1000, maxEntries: 5 });
  await recordFindings(db, ME, [FINDING]); // the stores of the later versions exist
  db.close();
});

test("malformed and newer dumps are refused with the reason", async () => {
  const refused = (value: unknown, kind: string, message: RegExp) =>
    assert.throws(() => checkDump(value), (e: unknown) => e instanceof StorageError && e.kind === kind && message.test(e.message));
  refused(null, "other", /not a JSON object/);
  refused({ format: "x" }, "other", /format is "x"/);
  refused({ format: DUMP_FORMAT }, "other", /no schema version/);
  refused({ format: DUMP_FORMAT, schemaVersion: DB_VERSION + 1, stores: {} }, "version", /this code knows up to/);
  refused({ format: DUMP_FORMAT, schemaVersion: 1, stores: { meta: [["k"]] } }, "other", /store meta is not a list of \[key, value\]/);
  const name = randomUUID();
  await assert.rejects(loadDatabase(name, { format: DUMP_FORMAT, schemaVersion: DB_VERSION, stores: { nope: [] } }), /unknown store nope/);
  // A record the database refuses (no key) fails the whole load.
  await assert.rejects(loadDatabase(name, { format: DUMP_FORMAT, schemaVersion: DB_VERSION, stores: { findings: [[["a", "b"], { id: "no account" }]] } }), StorageError);
});
