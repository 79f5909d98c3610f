/**
 * The background's audit service over the REAL session: a SessionManager signed in to the test
 * homeserver's demo scenario (real matrix-js-sdk, real Rust crypto, fake-indexeddb), the real
 * Auditor, and the store's records. Only the browser's parts (popup ports, toolbar, tabs) are
 * replaced by a recorder of what the service hands them.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { MatrixClient } from "matrix-js-sdk";
import { startHomeserver, type Homeserver } from "../../../homeserver/index.ts";
import { freshIndexedDB, makeManager, type TestSession } from "../session/helpers.ts";
import { waitFor } from "../../../helpers/wait-for.ts";
import { AuditService, type AuditSession } from "../../../../src/background/audit/service.ts";
import { HistoryReader } from "../../../../src/background/audit/history-reader.ts";
import { SettingsService } from "../../../../src/background/audit/settings-service.ts";
import { SNAPSHOT_KEY, accountSightingsRange } from "../../../../src/store/audit/meta-keys.ts";
import { wipeAccount } from "../../../../src/store/account.ts";
import { countUnacknowledged, listFindings } from "../../../../src/store/findings.ts";
import { listIdentityChanges } from "../../../../src/store/identity-changes.ts";
import { getHistoryRetention } from "../../../../src/store/history.ts";
import type { AuditorDB } from "../../../../src/store/db.ts";
import type { AuditProgress, AuditReport, Finding } from "../../../../src/core/verdicts.ts";
import { DeviceIsolationModeKind, type DeviceIsolationMode } from "matrix-js-sdk/lib/crypto-api/index.js";

const DEMO = "@demo:localhost";

let hs: Homeserver;
let roomCount: number;
let password: string;

/** What the service handed to the browser side, in order. */
interface Recorder {
  reports: (AuditReport | null)[];
  changedRooms: string[][];
  progress: AuditProgress[];
  origins: { next: string[]; previous: string[] }[];
}

interface Running {
  session: TestSession;
  service: AuditService;
  settings: SettingsService;
  history: HistoryReader;
  seen: Recorder;
  db: AuditorDB;
}

/** A session and an audit service joined as main.ts joins them; `gate` holds the client back (crypto "not ready"). */
function startBackground(gate?: { open: boolean }): Running {
  const seen: Recorder = { reports: [], changedRooms: [], progress: [], origins: [] };
  let service!: AuditService;
  const session = makeManager({
    onStatusChange: () => service.follow(),
    wipeAccountRecords: async (userId) => {
      await wipeAccount(await session.db(), userId);
      await service.accountWiped(userId);
    },
  });
  const auditSession: AuditSession = {
    status: () => session.manager.status(),
    client: (): MatrixClient | undefined => (gate && !gate.open ? undefined : session.manager.client()),
  };
  service = new AuditService({
    db: session.db,
    session: auditSession,
    debounceMs: 50,
    onReport: (report, rooms) => {
      seen.reports.push(report);
      seen.changedRooms.push([...rooms]);
    },
    onProgress: (p) => seen.progress.push(p),
  });
  const settings = new SettingsService({
    db: session.db,
    audit: service,
    applyElementOrigins: async (next, previous) => void seen.origins.push({ next: [...next], previous: [...previous] }),
  });
  return { session, service, settings, history: new HistoryReader(session.db, service), seen, db: undefined as unknown as AuditorDB };
}

/** The first report (from now) that `ready` accepts, as pushed by the service. */
function pushed(run: Running, what: string, ready: (r: AuditReport) => boolean, from = run.seen.reports.length): Promise<AuditReport> {
  return waitFor(async () => run.seen.reports.slice(from).find((r): r is AuditReport => r !== null && ready(r)), what, 60_000);
}

/** The isolation mode the client's Rust crypto holds (a private field: there is no getter). */
function isolationOf(client: MatrixClient | undefined): DeviceIsolationMode {
  const mode = (client?.getCrypto() as unknown as { deviceIsolationMode?: DeviceIsolationMode } | undefined)?.deviceIsolationMode;
  assert.ok(mode, "the crypto holds an isolation mode");
  return mode;
}

const openFindings = (r: AuditReport): Finding[] => r.rooms.flatMap((room) => room.findings.filter((f) => !f.acknowledged));

before(async () => {
  hs = await startHomeserver({ scenario: "demo" });
  roomCount = hs.scenario.rooms!.length;
  password = hs.accounts.find((a) => a.userId === DEMO)!.password;
  freshIndexedDB();
});

after(async () => {
  await hs?.stop();
});

describe("the audit service over a signed-in session", () => {
  let run: Running;
  let first: AuditReport;

  before(async () => {
    run = startBackground();
    await run.session.manager.signIn({ homeserver: hs.url, user: DEMO, password });
    run.db = await run.session.db();
  });

  test("before any audit there is no report, and a run cannot start without a client", async () => {
    const fresh = new AuditService({ db: run.session.db, session: { status: async () => ({ signedIn: false }), client: () => undefined } });
    assert.equal(await fresh.report(), null);
    assert.deepEqual(fresh.run(), { started: false });
  });

  test("the first report: every room audited, the demo's known findings, progress to the end", async () => {
    await pushed(run, "the first audit of every room", (r) => r.rooms.length === roomCount);
    await run.service.whenSettled();
    // Live updates may follow the first full audit (keys arriving from the first sync): take the settled one.
    first = run.seen.reports.at(-1)!;
    assert.ok(first && first.rooms.length === roomCount, "the settled report covers every room");
    assert.equal(first.account.userId, DEMO);
    const open = openFindings(first);
    assert.ok(open.some((f) => f.userId === "@dave:localhost" && f.deviceId === "DAVETABLET" && f.kind === "unsigned-device"), "Dave's unsigned tablet");
    assert.ok(open.some((f) => f.userId === "@erin:localhost" && f.kind === "user-without-cross-signing"), "Erin without identity");
    const last = run.seen.progress.at(-1);
    assert.ok(last && last.roomsDone === last.roomsTotal && last.roomsTotal === roomCount, `progress ends at ${roomCount}: ${JSON.stringify(last)}`);
    assert.deepEqual(await run.service.report(), first, "report() answers the pushed report");
    assert.deepEqual(run.service.trustPath(), { path: "rust-fast-path", reason: null }, "trust read through the Rust fast path");
  });

  test("the report is stored, findings are recorded and counted as the report counts them", async () => {
    const stored = (await run.db.get("meta", SNAPSHOT_KEY)) as { report: AuditReport } | undefined;
    assert.deepEqual(stored?.report, first);
    assert.equal(await countUnacknowledged(run.db, DEMO), first.summary.unacknowledged);
    const recorded = new Set((await listFindings(run.db, DEMO, { pendingOnly: true })).map((f) => f.id));
    assert.deepEqual([...recorded].sort(), openFindings(first).map((f) => f.id).sort());
    assert.ok((await run.db.count("meta", accountSightingsRange(DEMO))) > 0, "first sightings are kept");
  });

  test("the history starts with each encrypted room's members", async () => {
    const page = await run.history.list({ limit: 1000 });
    const falcon = first.rooms.find((r) => r.name === "Project Falcon")!;
    const joined = page.entries.filter((e) => e.kind === "member-joined" && e.roomId === falcon.roomId).map((e) => e.userId).sort();
    assert.deepEqual(joined, falcon.members.map((m) => m.userId).filter((u) => u !== DEMO).sort());
    const lobby = first.rooms.find((r) => r.name === "Public Lobby")!;
    assert.ok(!page.entries.some((e) => e.roomId === lobby.roomId), "nothing logged for a room that is not encrypted");
    assert.ok(page.entries.every((e) => !("account" in e)), "entries go out without the account");
    // Paging: newest first, two at a time, no entry twice.
    const one = await run.history.list({ limit: 2 });
    assert.equal(one.more, true);
    const two = await run.history.list({ limit: 2, before: one.entries.at(-1)!.seq });
    assert.ok(two.entries[0]!.seq < one.entries[1]!.seq);
    const byUser = await run.history.list({ limit: 100, user: "@dave:localhost" });
    assert.ok(byUser.entries.length > 0 && byUser.entries.every((e) => e.userId === "@dave:localhost"));
  });

  test("acknowledging a finding: counted once, in the records, the report and the push", async () => {
    const target = openFindings(first).find((f) => f.deviceId === "DAVETABLET")!;
    const from = run.seen.reports.length;
    assert.equal(await run.service.acknowledge([target.id]), 1);
    const after = await pushed(run, "the acknowledged report", (r) => r.summary.unacknowledged === first.summary.unacknowledged - 1, from);
    assert.equal(after.rooms.flatMap((r) => r.findings).find((f) => f.id === target.id)?.acknowledged, true);
    assert.equal(await countUnacknowledged(run.db, DEMO), first.summary.unacknowledged - 1);
    assert.equal(await run.service.acknowledge([target.id]), 0, "already acknowledged");
  });

  test("a live change on the server (Alice's new device) pushes a new report and enters the history", async () => {
    const from = run.seen.reports.length;
    await hs.applyStep("add-device");
    const live = await pushed(run, "Alice's new device in a pushed report", (r) => openFindings(r).some((f) => f.deviceId === "ALICENEW"), from);
    const falcon = live.rooms.find((r) => r.name === "Project Falcon")!;
    assert.ok(run.seen.changedRooms.slice(from).some((rooms) => rooms.includes(falcon.roomId)), "the update names the rooms it changed");
    await run.service.whenSettled();
    const added = await waitFor(async () => {
      const page = await run.history.list({ limit: 100, user: "@alice:localhost" });
      return page.entries.find((e) => e.kind === "device-added" && e.deviceId === "ALICENEW");
    }, "the history entry for Alice's new session");
    assert.match(added.detail, /Unknown new device/);
    assert.equal(added.roomId, undefined, "a session is a fact about the person, not a room");
    assert.equal(await countUnacknowledged(run.db, DEMO), live.summary.unacknowledged);
  });

  test("settings: stored, applied, and answered whole", async () => {
    const defaults = await run.settings.get();
    assert.deepEqual(defaults, { isolationPolicy: "all-devices", elementOrigins: [], historyRetentionDays: 365, holdSendingOnCritical: false, alerts: { enabled: false, warnings: false, watchedOnly: false, watchedRooms: [] } });
    const changed = await run.settings.change({ isolationPolicy: "only-cross-signed", elementOrigins: ["https://chat.example.org/"] });
    assert.deepEqual(changed, { isolationPolicy: "only-cross-signed", elementOrigins: ["https://chat.example.org"], historyRetentionDays: 365, holdSendingOnCritical: false, alerts: { enabled: false, warnings: false, watchedOnly: false, watchedRooms: [] } });
    assert.equal(isolationOf(run.session.manager.client()).kind, DeviceIsolationModeKind.OnlySignedDevicesIsolationMode, "applied to the crypto");
    assert.deepEqual(run.seen.origins.at(-1), { next: ["https://chat.example.org"], previous: [] });
    await run.settings.change({ elementOrigins: ["https://chat.example.org/", "https://other.example.org"] });
    assert.deepEqual(run.seen.origins.at(-1), { next: ["https://chat.example.org", "https://other.example.org"], previous: ["https://chat.example.org"] });
    assert.deepEqual((await run.settings.change({ elementOrigins: [] })).elementOrigins, []);
    const retention = await run.settings.change({ historyRetentionDays: 30 });
    assert.equal(retention.historyRetentionDays, 30);
    assert.equal((await getHistoryRetention(run.db)).maxAgeMs, 30 * 24 * 60 * 60 * 1000);
    assert.equal(retention.isolationPolicy, "only-cross-signed", "other settings stay");
    await run.settings.change({ isolationPolicy: "all-devices-strict" });
  });

  describe("after the background restarts", () => {
    let second: Running;
    const gate = { open: false };
    let stored: AuditReport;

    before(async () => {
      await run.service.whenSettled();
      stored = (await run.service.report())!;
      run.service.stop();
      await run.session.manager.shutdown();
      second = startBackground(gate);
      void second.session.manager.restore();
      second.db = await second.session.db();
    });

    after(async () => {
      second.service.stop();
      await second.session.manager.shutdown();
    });

    test("audit.report answers the stored report at once, before the client is ready", async () => {
      const answer = await second.service.report();
      assert.equal(second.service.latestReport(), answer);
      assert.deepEqual(answer, stored);
      assert.deepEqual(second.seen.reports, [stored], "the stored report is shown (toolbar, popups) at once");
      assert.deepEqual(second.service.run(), { started: false }, "no audit without a client");
    });

    test("acknowledging before the client is ready changes the stored report", async () => {
      const target = openFindings(stored).find((f) => f.userId === "@erin:localhost")!;
      assert.equal(await second.service.acknowledge([target.id]), 1);
      const shown = (await second.service.report())!;
      assert.equal(shown.summary.unacknowledged, stored.summary.unacknowledged - 1);
      assert.equal(shown.rooms.flatMap((r) => r.findings).find((f) => f.id === target.id)?.acknowledged, true);
      assert.equal(await countUnacknowledged(second.db, DEMO), stored.summary.unacknowledged - 1);
    });

    test("once the client is ready, the live audit keeps what the records hold and logs nothing that did not change", async () => {
      const historyBefore = (await second.history.list({ limit: 1000 })).entries.length;
      const from = second.seen.reports.length;
      gate.open = true;
      second.service.follow();
      const live = await pushed(second, "the first live audit after the restart", (r) => r.rooms.length === roomCount, from);
      await second.service.whenSettled();
      assert.notEqual(live.generatedAt, stored.generatedAt, "a new audit, not the stored one");
      const acknowledged = live.rooms.flatMap((r) => r.findings).filter((f) => f.acknowledged).map((f) => f.kind).sort();
      assert.deepEqual(acknowledged, ["unsigned-device", "user-without-cross-signing"], "both acknowledgements survived");
      const alice = live.rooms.flatMap((r) => r.findings).find((f) => f.deviceId === "ALICENEW")!;
      const before = stored.rooms.flatMap((r) => r.findings).find((f) => f.id === alice.id)!;
      assert.equal(alice.firstSeen, before.firstSeen, "first seen is kept across the restart");
      assert.equal((await second.history.list({ limit: 1000 })).entries.length, historyBefore);
      const mode = isolationOf(second.session.manager.client());
      assert.equal(mode.kind, DeviceIsolationModeKind.AllDevicesIsolationMode, "the stored policy is applied at start");
      assert.equal((mode as { errorOnVerifiedUserProblems?: boolean }).errorOnVerifiedUserProblems, true);
    });

    test("an identity reset on the server is logged and recorded as an identity change", async () => {
      const from = second.seen.reports.length;
      await hs.applyStep("reset-identities");
      await pushed(second, "Bob's new identity", (r) => r.rooms.some((room) => room.members.some((m) => m.userId === "@bob:localhost" && m.verdict === "identity-changed")), from);
      await second.service.whenSettled();
      const bob = await second.history.list({ limit: 100, user: "@bob:localhost" });
      assert.ok(bob.entries.some((e) => e.kind === "identity-reset"), JSON.stringify(bob.entries.map((e) => e.kind)));
      const changes = await listIdentityChanges(second.db, DEMO, { userId: "@bob:localhost" });
      assert.equal(changes.length, 1);
      assert.notEqual(changes[0]!.previousMasterKey, null, "the earlier key is known");
      assert.notEqual(changes[0]!.previousMasterKey, changes[0]!.newMasterKey);
    });

    test("sign-out wipes the records, the stored report and the sightings, and shows no report", async () => {
      await second.session.manager.signOut();
      assert.equal(second.seen.reports.at(-1), null, "popups and toolbar are told: no report");
      assert.equal(await second.service.report(), null);
      assert.equal(await second.db.get("meta", SNAPSHOT_KEY), undefined);
      assert.equal(await second.db.count("meta", accountSightingsRange(DEMO)), 0);
      assert.equal(await countUnacknowledged(second.db, DEMO), 0);
      assert.deepEqual((await second.history.list({ limit: 10 })).entries, []);
    });
  });
});
