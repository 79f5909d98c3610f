// The audit's findings over time, on real matrix-js-sdk + Rust crypto and the extension's own
// records (fake-indexeddb): a finding that went away and comes back is a new occurrence, and an
// update that fails part-way keeps what it had to look at, shows its rooms out of date, and is
// retried by itself until it succeeds; so is a first full audit that fails.
import "fake-indexeddb/auto";
import "./unref-long-timers.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { startHomeserver, type Homeserver, type Scenario } from "../../homeserver/index.ts";
import { droppedDevice } from "../../homeserver/hostile/index.ts";
import { recordKeyChange, wake } from "../../homeserver/state.ts";
import { bootstrapCrossSigning, createTestClient, waitFor, type TestClient } from "../../helpers/matrix-client.ts";
import { Auditor } from "../../../src/core/auditor.ts";
import type { FindingInput, FindingState, Sighting, TrustRecords } from "../../../src/core/records.ts";
import { StoreTrustRecords } from "../../../src/store/audit/store-records.ts";
import { openAuditorDB, type AuditorDB } from "../../../src/store/db.ts";
import { countUnacknowledged, listFindings } from "../../../src/store/findings.ts";
import { nextUpdate, room } from "./audit-helpers.ts";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");

const ME = "@me:localhost";
const DAVE = "@dave:localhost";
const ROOM = "!team:localhost";
const OTHER = "!other:localhost";
const SCENARIO: Scenario = {
  name: "lifecycle",
  serverName: "localhost",
  users: [
    { id: ME, password: "me-password", secretStorage: true, devices: [] },
    { id: DAVE, password: "pw", devices: [{ id: "D1" }, { id: "D2", signedByOwner: false }] },
    { id: "@erin:localhost", password: "pw", devices: [{ id: "E1" }] },
  ],
  rooms: [
    { id: ROOM, name: "Team", encrypted: true, creator: ME, members: [DAVE] },
    { id: OTHER, name: "Other", encrypted: true, creator: ME, members: ["@erin:localhost"] },
  ],
};

/** The store's records, with a switch that makes writes throw (as a closed database or a thrown handler would). */
class FlakyRecords implements TrustRecords {
  failing = false;
  failures = 0;
  constructor(private readonly inner: TrustRecords) {}
  private check(): void {
    if (!this.failing) return;
    this.failures++;
    throw new Error("The database connection is closing.");
  }
  async seen(s: readonly Sighting[], now: number) {
    this.check();
    return this.inner.seen(s, now);
  }
  async observe(f: readonly FindingInput[], now: number): Promise<Map<string, FindingState>> {
    this.check();
    return this.inner.observe(f, now);
  }
  async resolved(ids: readonly string[], now: number) {
    this.check();
    return this.inner.resolved(ids, now);
  }
  async acknowledge(ids: readonly string[], now: number) {
    this.check();
    return this.inner.acknowledge(ids, now);
  }
}

describe("findings over time", () => {
  let hs: Homeserver;
  let me: TestClient;
  let db: AuditorDB;
  let records: FlakyRecords;
  let auditor: Auditor;
  const d2 = (r: import("../../../src/core/verdicts.ts").AuditReport) => room(r, ROOM).findings.find((f) => f.deviceId === "D2");

  before(async () => {
    hs = await startHomeserver({ scenario: SCENARIO });
    const account = hs.accounts.find((a) => a.userId === ME)!;
    me = await createTestClient({ baseUrl: hs.url, userId: ME, password: account.password, recoveryKey: account.recoveryKey! });
    await me.crypto.userHasCrossSigningKeys(ME, true);
    await bootstrapCrossSigning(me);
    await waitFor(async () => (await me.crypto.getUserDeviceInfo([DAVE])).get(DAVE)?.size === 2, "Dave's devices known");
    db = await openAuditorDB(`lifecycle-${process.pid}`);
    records = new FlakyRecords(new StoreTrustRecords(async () => db, ME));
    auditor = new Auditor(me.client, { records, debounceMs: 50 });
    await auditor.fullAudit();
    auditor.start();
  });

  after(async () => {
    auditor?.stop();
    await me?.stop();
    await hs?.stop();
  });

  /** The server announces that Dave's devices changed (as it does after a change or a lie). */
  const daveChanged = () => {
    recordKeyChange(hs.state, DAVE);
    wake(hs.state);
  };

  it("an acknowledged device finding that goes and comes back with the same key is new: unacknowledged, counted, both in its record", async () => {
    const first = d2(auditor.report!)!;
    assert.equal(first.kind, "unsigned-device");
    const acked = (await auditor.acknowledge([first.id]))!;
    assert.equal(d2(acked)!.acknowledged, true);
    const pendingBefore = await countUnacknowledged(db, ME);

    // The device disappears from Dave's list…
    const gone = nextUpdate(auditor, (r) => d2(r) === undefined, "D2 gone");
    hs.hostile.lieInKeys(droppedDevice(DAVE, "D2"));
    daveChanged();
    await gone;
    await auditor.whenIdle();
    assert.notEqual((await listFindings(db, ME, { roomId: ROOM })).find((f) => f.id === first.id)!.gone, null, "recorded as gone at once");

    // …and comes back, the very same key.
    const back = nextUpdate(auditor, (r) => d2(r) !== undefined, "D2 back");
    hs.hostile.clear();
    daveChanged();
    const report = (await back).report;
    const again = d2(report)!;
    assert.equal(again.id, first.id, "the same finding");
    assert.equal(again.acknowledged, false, "not born acknowledged");
    assert.ok(again.firstSeen > first.firstSeen, "a new first-seen time");
    await auditor.whenIdle();
    assert.equal(await countUnacknowledged(db, ME), pendingBefore + 1, "counted again");
    const [record] = (await listFindings(db, ME, { roomId: ROOM })).filter((f) => f.id === first.id);
    assert.equal(record!.acknowledged, null);
    assert.equal(record!.earlier?.length, 1, "the earlier occurrence kept");
    assert.equal(record!.earlier![0]!.firstSeen, first.firstSeen);
    assert.ok(record!.earlier![0]!.acknowledged !== null);
  });

  it("an update that fails part-way keeps its work, shows its room out of date, and is retried until it succeeds", async () => {
    await auditor.whenIdle();
    const before = auditor.report!;
    assert.ok(d2(before));
    records.failing = true;
    const outOfDate = nextUpdate(auditor, (r) => room(r, ROOM).outOfDate !== undefined, "the room out of date");
    hs.hostile.lieInKeys(droppedDevice(DAVE, "D2"));
    daveChanged();
    const failed = await outOfDate;
    assert.equal(failed.failed, true);
    assert.ok(records.failures > 0, "the failure was reached");
    assert.equal(room(failed.report, OTHER).outOfDate, undefined, "rooms the update did not touch are current");
    // It keeps failing while the records do: still out of date, retried (more than one failure).
    await waitFor(() => records.failures >= 2 || undefined, "a retry", 30_000);
    assert.ok(room(auditor.report!, ROOM).outOfDate);

    // Writes work again: the retry alone (no new event) brings the room up to date.
    const current = nextUpdate(auditor, (r) => room(r, ROOM).outOfDate === undefined, "the room current again", 30_000);
    records.failing = false;
    const recovered = (await current).report;
    assert.equal(d2(recovered), undefined, "the change the failed update missed is in");
    assert.ok(!recovered.rooms.some((r) => r.outOfDate));
    await auditor.whenIdle();
    const [record] = (await listFindings(db, ME, { roomId: ROOM })).filter((f) => f.deviceId === "D2");
    assert.notEqual(record!.gone, null, "what the failed write was to record is recorded by the retry");
    hs.hostile.clear();
    daveChanged();
    await nextUpdate(auditor, (r) => d2(r) !== undefined, "D2 back");
  });

  it("a first full audit that fails (no report yet) is retried by itself until it succeeds", async () => {
    // A background that starts while the server is down: its first audit fails before any report.
    const fresh = new Auditor(me.client, { records, debounceMs: 50 });
    try {
      fresh.start();
      records.failing = true;
      const failuresBefore = records.failures;
      await assert.rejects(fresh.fullAudit(), /database connection is closing/);
      assert.equal(fresh.report, null);
      await waitFor(() => records.failures >= failuresBefore + 2 || undefined, "a retry of the full audit", 30_000);
      assert.equal(fresh.report, null, "still no report while it fails");
      const full = nextUpdate(fresh, () => true, "a full report", 30_000);
      records.failing = false;
      const update = await full;
      assert.equal(update.full, true);
      assert.ok(d2(update.report), "the full report has the rooms");
      assert.deepEqual(fresh.outOfDateRooms, []);
    } finally {
      records.failing = false;
      fresh.stop();
    }
  });
});
