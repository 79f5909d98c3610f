/**
 * Issue 10, storage: a record write the browser refuses (a real QuotaExceededError from IndexedDB's
 * put on the findings store) is reported to the user, not swallowed; the records stored before stay
 * as they were and can be exported meanwhile; a later write that succeeds clears the report. Also
 * the history filtered by a room alias. Over the REAL session (real matrix-js-sdk, real Rust crypto,
 * fake-indexeddb) and the test homeserver's demo scenario.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startHomeserver, type Homeserver } from "../../../homeserver/index.ts";
import { freshIndexedDB, makeManager, type TestSession } from "../session/helpers.ts";
import { waitFor } from "../../../helpers/wait-for.ts";
import { AuditService } from "../../../../src/background/audit/service.ts";
import { auditHandlers } from "../../../../src/background/audit/handlers.ts";
import { HistoryReader } from "../../../../src/background/audit/history-reader.ts";
import { RecordsExporter } from "../../../../src/background/audit/records-export.ts";
import type { RunningAudit } from "../../../../src/background/audit/running-audit.ts";
import type { HandlerContext } from "../../../../src/background/context.ts";
import { EXPORT_FORMAT, type AccountExport } from "../../../../src/store/account.ts";
import { listFindings } from "../../../../src/store/findings.ts";
import type { AuditorDB } from "../../../../src/store/db.ts";
import type { AuditReport } from "../../../../src/core/verdicts.ts";
import type { StorageProblem } from "../../../../src/protocol/messages.ts";
import { projectBadges } from "../../../../src/background/badges/project.ts";
import { describeBadge } from "../../../../src/content/words.ts";

const DEMO = "@demo:localhost";
const ALICE = "@alice:localhost";
const context: HandlerContext = { sender: "extension-page", booted: Promise.resolve({} as never) };

let hs: Homeserver;
let session: TestSession;
let service: AuditService;
let db: AuditorDB;
const reports: (AuditReport | null)[] = [];
const problems: (StorageProblem | null)[] = [];

const hasAliceNew = (r: AuditReport | null): boolean =>
  r !== null && r.rooms.some((room) => room.findings.some((f) => f.deviceId === "ALICENEW"));

before(async () => {
  hs = await startHomeserver({ scenario: "demo" });
  const password = hs.accounts.find((a) => a.userId === DEMO)!.password;
  freshIndexedDB();
  session = makeManager({ onStatusChange: () => service.follow() });
  service = new AuditService({
    db: session.db,
    session: { status: () => session.manager.status(), client: () => session.manager.client() },
    debounceMs: 50,
    onReport: (report) => reports.push(report),
    onStorageProblem: (problem) => problems.push(problem),
  });
  await session.manager.signIn({ homeserver: hs.url, user: DEMO, password });
  db = await session.db();
  const rooms = hs.scenario.rooms!.length;
  await waitFor(() => reports.some((r) => r?.rooms.length === rooms), "the first audit of every room", 60_000);
  await service.whenSettled();
});

after(async () => {
  service?.stop();
  await session?.manager.shutdown();
  await hs?.stop();
});

describe("history filtered by a room alias", () => {
  test("#falcon:localhost answers Project Falcon's history, an unknown alias none", async () => {
    const falcon = service.latestReport()!.rooms.find((r) => r.name === "Project Falcon")!;
    const byId = await new HistoryReader(session.db, service).list({ limit: 1000, room: falcon.roomId });
    assert.ok(byId.entries.length > 0, "Project Falcon has history");
    assert.deepEqual(await new HistoryReader(session.db, service).list({ limit: 1000, room: "#falcon:localhost" }), byId);
    assert.deepEqual(await new HistoryReader(session.db, service).list({ limit: 1000, room: "#nowhere:localhost" }), { entries: [], more: false });
  });
});

describe("a write refused for quota", () => {
  const proto = IDBObjectStore.prototype as { put: (...args: unknown[]) => IDBRequest };
  const realPut = proto.put;
  let refused = 0;
  let before: Awaited<ReturnType<typeof listFindings>>;
  let shownBefore: AuditReport;

  after(() => {
    proto.put = realPut;
  });

  test("is reported (kind, the store's words, since when) and nothing stored changes", async () => {
    assert.equal(service.storageProblem(), null, "no problem before");
    before = await listFindings(db, DEMO);
    shownBefore = service.latestReport()!;
    // Fault injection: the browser refuses every write to the findings store, as a full disk does.
    proto.put = function (this: IDBObjectStore, ...args: unknown[]) {
      if (this.name === "findings") {
        refused++;
        throw new DOMException("Quota exceeded", "QuotaExceededError");
      }
      return realPut.apply(this, args);
    };
    const from = Date.now();
    await hs.applyStep("add-device"); // Alice's new session: a new finding to record
    const problem = await waitFor(() => service.storageProblem() ?? undefined, "the storage problem", 60_000);
    assert.ok(refused > 0, "the injected refusal was reached");
    assert.equal(problem.kind, "quota");
    assert.match(problem.message, /no more storage space/);
    assert.ok(problem.since >= from && problem.since <= Date.now(), "since: when the write failed");
    assert.deepEqual(problems, [problem], "told once, when it started");

    const answer = await auditHandlers(() => ({ service }) as RunningAudit)["audit.storage"]({}, context);
    assert.deepEqual(answer, { ok: true, value: problem }, "audit.storage answers it");

    await service.whenSettled();
    assert.deepEqual(await listFindings(db, DEMO), before, "the records are as they were");
    // The update that could not be recorded is not shown as if it were current: the rooms it
    // touched say "out of date" (popup and badges), with the last known verdicts, never newer ones.
    const shown = await waitFor(() => service.latestReport()?.rooms.some((r) => r.outOfDate) ? service.latestReport()! : undefined, "rooms out of date", 30_000);
    assert.ok(!hasAliceNew(shown), "the unrecorded finding is not shown as current");
    assert.equal(reports.at(-1), shown, "pushed to the popup and the badges");
    const aliceRooms = shownBefore.rooms.filter((r) => r.encrypted && r.members.some((m) => m.userId === ALICE)).map((r) => r.roomId);
    assert.ok(aliceRooms.length > 0);
    for (const roomId of aliceRooms) {
      const room = shown.rooms.find((r) => r.roomId === roomId)!;
      assert.ok(room.outOfDate && room.outOfDate.since >= from, `${room.name} is out of date`);
      const badge = projectBadges(room, [ALICE]).members[0]!;
      assert.equal(badge.outOfDate, true, "the badge says so too");
      assert.equal(describeBadge(badge).level, "neutral");
      assert.match(describeBadge(badge).label, /^Out of date/);
    }
    assert.deepEqual(problems, [problem], "still told once: nothing claimed storage works meanwhile");
  });

  test("the records can be exported while writes fail", async () => {
    const answer = await auditHandlers(() => ({ service, records: new RecordsExporter(session.db, service) }) as RunningAudit)["records.export"]({}, context);
    assert.ok(answer.ok, JSON.stringify(answer));
    const exported = JSON.parse(answer.value.json) as AccountExport;
    assert.equal(exported.format, EXPORT_FORMAT);
    assert.equal(exported.account, DEMO);
    assert.deepEqual(exported.findings, before);
    assert.ok(exported.history.length > 0, "the history is in it");
    assert.ok(service.storageProblem() !== null, "still failing: the export only read");
  });

  // The failed update kept what it had to look at and retries by itself (no new event, no "run").
  test("once writes work again, the update is retried by itself: recorded, and no longer out of date", async () => {
    proto.put = realPut;
    const refusedSoFar = refused;
    await waitFor(() => problems.at(-1) === null || undefined, "the problem cleared", 60_000);
    await waitFor(() => (hasAliceNew(service.latestReport()) && !service.latestReport()!.rooms.some((r) => r.outOfDate)) || undefined, "the retry's report", 60_000);
    await service.whenSettled();
    assert.equal(service.storageProblem(), null);
    assert.equal(problems.length, 2, "told once more: solved");
    assert.equal(refused, refusedSoFar, "no refusal after the fault was removed");
    assert.ok(hasAliceNew(service.latestReport()), "the new device is in the report");
    const recorded = await listFindings(db, DEMO);
    assert.ok(recorded.some((f) => f.deviceId === "ALICENEW"), "and in the records");
    for (const old of before) assert.ok(recorded.some((f) => f.id === old.id && f.firstSeen === old.firstSeen), `kept ${old.id}`);
  });
});
