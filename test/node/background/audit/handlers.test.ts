// The audit's message handlers over the service, with the stored report of a session whose client
// is not ready (as right after the background wakes): answers come from storage, and what the user
// does changes the records.
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { auditHandlers } from "../../../../src/background/audit/handlers.ts";
import { HistoryReader } from "../../../../src/background/audit/history-reader.ts";
import { RecordsExporter } from "../../../../src/background/audit/records-export.ts";
import { SettingsService } from "../../../../src/background/audit/settings-service.ts";
import { AuditService } from "../../../../src/background/audit/service.ts";
import { saveReportSnapshot } from "../../../../src/store/audit/snapshot.ts";
import type { WiredBadges } from "../../../../src/background/badges/wire.ts";
import type { RunningAudit } from "../../../../src/background/audit/running-audit.ts";
import type { HandlerContext } from "../../../../src/background/context.ts";
import { openAuditorDB, type AuditorDB } from "../../../../src/store/db.ts";
import { countUnacknowledged, listFindings, recordFindings } from "../../../../src/store/findings.ts";
import { waitFor } from "../../../helpers/wait-for.ts";
import type { AuditReport, Finding } from "../../../../src/core/verdicts.ts";
import type { SessionStatus } from "../../../../src/protocol/messages.ts";
import { reportBody } from "../../../../src/core/risk.ts";
import { overviewOf, roomDetailOf } from "../../../../src/core/overview.ts";
import { popupOpen } from "../../../../src/background/handlers/popup-open.ts";

const ME = "@me:x";
const context: HandlerContext = { sender: "extension-page", booted: Promise.resolve({} as never) };
let dbCounter = 0;

const finding: Finding = {
  id: "finding-1",
  kind: "unsigned-device",
  severity: "notice",
  roomId: "!room:x",
  userId: "@dave:x",
  deviceId: "TABLET",
  ed25519: "tablet-key",
  firstSeen: 1000,
  acknowledged: false,
};

/** A report as the audit stores it: one encrypted room with one open finding. */
const stored: AuditReport = {
  version: 1,
  generatedAt: 2000,
  account: { userId: ME, deviceId: "MINE", ownIdentityTrusted: false, trustCaveat: "not verified" },
  ...reportBody([
    {
      roomId: "!room:x",
      name: "Room",
      encrypted: true,
      isDirect: false,
      shield: "normal",
      members: [],
      findings: [finding],
      policyPreview: { excludedDevices: [], failingUsers: [], onlySignedFailingUsers: [], onlySignedBlocked: null },
    },
  ]),
};

const signedIn: SessionStatus = { signedIn: true, userId: ME, deviceId: "MINE", cryptoReady: false };

async function setUp(status: SessionStatus = signedIn): Promise<{ db: AuditorDB; handlers: ReturnType<typeof auditHandlers>; pushed: (AuditReport | null)[]; service: AuditService }> {
  const db = await openAuditorDB(`handlers-test-${++dbCounter}`);
  await recordFindings(db, ME, [finding], { now: 1000 });
  await saveReportSnapshot(db, stored, 2000);
  const pushed: (AuditReport | null)[] = [];
  const service = new AuditService({
    db: async () => db,
    session: { status: async () => status, client: () => undefined },
    onReport: (report) => pushed.push(report),
  });
  const badges = { handler: async () => ({ ok: false, error: { code: "internal", message: "not in this test" } }), roomsChanged() {} } as unknown as WiredBadges;
  const parts = { settings: new SettingsService({ db: async () => db, audit: service }), history: new HistoryReader(async () => db, service), records: new RecordsExporter(async () => db, service) };
  // The page-facing handlers have their own tests (test/node/composer, test/node/badges).
  const composer = {} as RunningAudit["composer"];
  return { db, handlers: auditHandlers(() => ({ service, ...parts, badges, followLock() {}, composer })), pushed, service };
}

test("audit.report answers the stored report, and its open findings count as shown", async () => {
  const { db, handlers } = await setUp();
  assert.deepEqual(await handlers["audit.report"]({}, context), { ok: true, value: stored });
  const [record] = await waitFor(async () => {
    const records = await listFindings(db, ME);
    return records[0]?.firstWarned != null ? records : undefined;
  }, "the finding to be noted as warned");
  assert.equal(record?.id, finding.id);
});

test("audit.overview answers the stored report's overview, and its open findings count as shown", async () => {
  const { db, handlers } = await setUp();
  const answer = await handlers["audit.overview"]({}, context);
  assert.deepEqual(answer, { ok: true, value: overviewOf(stored) });
  await waitFor(async () => ((await listFindings(db, ME))[0]?.firstWarned != null ? true : undefined), "the finding to be noted as warned");
  const again = await handlers["audit.overview"]({}, context);
  assert.ok(answer.ok && again.ok && again.value === answer.value, "made once per report, not at each opening");
});

test("each report's open findings are noted as shown once, not again at every opening on the same report", async () => {
  const { handlers, service } = await setUp();
  let notes = 0;
  let noted = 0;
  const markWarned = service.markWarned.bind(service);
  service.markWarned = async (ids) => {
    notes++;
    await markWarned(ids);
    noted++;
  };
  await handlers["audit.overview"]({}, context);
  await waitFor(async () => (noted === 1 ? true : undefined), "the open findings to be noted");
  await handlers["audit.overview"]({}, context);
  await handlers["audit.report"]({}, context);
  assert.equal(notes, 1);
});

test("audit.room answers one room's full audit with the problems touching it; an unknown room is null", async () => {
  const { handlers } = await setUp();
  const roomId = stored.rooms[0]!.roomId;
  assert.deepEqual(await handlers["audit.room"]({ roomId }, context), { ok: true, value: roomDetailOf(stored, roomId) });
  assert.deepEqual(await handlers["audit.room"]({ roomId: "!elsewhere:localhost" }, context), { ok: true, value: null });
});

test("popup.open answers the status and the overview in one; locked or signed out, no overview and nothing noted as shown", async () => {
  const { db, handlers } = await setUp();
  const statusOf = (status: SessionStatus) => popupOpen(async () => ({ ok: true, value: status }), handlers["audit.overview"]);
  const locked = await statusOf({ ...signedIn, locked: true })({}, context);
  assert.deepEqual(locked, { ok: true, value: { status: { ...signedIn, locked: true }, overview: { ok: true, value: null } } });
  assert.deepEqual(await statusOf({ signedIn: false })({}, context), { ok: true, value: { status: { signedIn: false }, overview: { ok: true, value: null } } });
  assert.equal((await listFindings(db, ME))[0]?.firstWarned, null, "a locked popup showed nothing");
  const open = await statusOf(signedIn)({}, context);
  assert.deepEqual(open, { ok: true, value: { status: signedIn, overview: { ok: true, value: overviewOf(stored) } } });
  await waitFor(async () => ((await listFindings(db, ME))[0]?.firstWarned != null ? true : undefined), "the finding to be noted as warned");
  const failed = await popupOpen(async () => ({ ok: false, error: { code: "internal", message: "no" } }), handlers["audit.overview"])({}, context);
  assert.deepEqual(failed, { ok: false, error: { code: "internal", message: "no" } }, "a failed status is the answer");
});

test("a stored report of another device is not answered", async () => {
  const { handlers } = await setUp({ ...signedIn, deviceId: "OTHER" });
  assert.deepEqual(await handlers["audit.report"]({}, context), { ok: true, value: null });
  assert.deepEqual(await handlers["audit.overview"]({}, context), { ok: true, value: null });
  assert.deepEqual(await handlers["audit.room"]({ roomId: stored.rooms[0]!.roomId }, context), { ok: true, value: null });
});

test("audit.acknowledge before the client is ready: the records, the stored report and the push change", async () => {
  const { db, handlers, pushed } = await setUp();
  assert.deepEqual(await handlers["audit.acknowledge"]({ findingIds: [finding.id] }, context), { ok: true, value: { acknowledged: 1 } });
  assert.equal(await countUnacknowledged(db, ME), 0);
  const last = pushed.at(-1);
  assert.equal(last?.summary.unacknowledged, 0);
  assert.equal(last?.rooms[0]?.findings[0]?.acknowledged, true);
  const again = await handlers["audit.report"]({}, context);
  assert.ok(again.ok && again.value?.summary.unacknowledged === 0);
  assert.deepEqual(await handlers["audit.acknowledge"]({ findingIds: [finding.id, "unknown"] }, context), { ok: true, value: { acknowledged: 0 } });
});

test("audit.run without a ready client does not start; history and settings answer from storage", async () => {
  const { handlers } = await setUp();
  assert.deepEqual(await handlers["audit.run"]({}, context), { ok: true, value: { started: false } });
  assert.deepEqual(await handlers["history.list"]({ limit: 10 }, context), { ok: true, value: { entries: [], more: false } });
  assert.deepEqual(await handlers["settings.get"]({}, context), {
    ok: true,
    value: { isolationPolicy: "all-devices", elementOrigins: [], historyRetentionDays: 365, holdSendingOnCritical: false, alerts: { enabled: false, warnings: false, watchedOnly: false, watchedRooms: [] } },
  });
  assert.deepEqual(await handlers["settings.set"]({ historyRetentionDays: 7 }, context), {
    ok: true,
    value: { isolationPolicy: "all-devices", elementOrigins: [], historyRetentionDays: 7, holdSendingOnCritical: false, alerts: { enabled: false, warnings: false, watchedOnly: false, watchedRooms: [] } },
  });
});

test("signed out: no report, nothing acknowledged, no history", async () => {
  const { handlers } = await setUp({ signedIn: false });
  assert.deepEqual(await handlers["audit.report"]({}, context), { ok: true, value: null });
  assert.deepEqual(await handlers["audit.acknowledge"]({ findingIds: [finding.id] }, context), { ok: true, value: { acknowledged: 0 } });
  assert.deepEqual(await handlers["history.list"]({ limit: 10 }, context), { ok: true, value: { entries: [], more: false } });
});

test("storage that fails is an error, asked again on the next request", async () => {
  let fail = true;
  const db = await openAuditorDB(`handlers-test-${++dbCounter}`);
  const service = new AuditService({
    db: async () => (fail ? Promise.reject(new Error("storage went away")) : db),
    session: { status: async () => signedIn, client: () => undefined },
  });
  await assert.rejects(service.report(), /storage went away/);
  fail = false;
  assert.equal(await service.report(), null);
});
