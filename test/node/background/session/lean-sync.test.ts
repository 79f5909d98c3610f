// The extension's lean sync (src/background/session/sync-filter.ts) against the full one, on a small
// heavy-account scenario (test/scenarios/heavy-account.ts): two sessions of one account, one syncing
// each way, each audited. The lean session holds only the members it needs (an unencrypted room costs
// its summary), yet its report for every encrypted room equals the full session's: same members,
// verdicts, devices, findings and shield. A room that turns encryption on is audited with all its
// members at once.
import "../../core/unref-long-timers.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { startHomeserver, type Homeserver } from "../../../homeserver/index.ts";
import { createTestClient, waitFor, type TestClient } from "../../../helpers/matrix-client.ts";
import { Auditor } from "../../../../src/core/auditor.ts";
import { MemoryTrustRecords } from "../../../../src/core/records.ts";
import type { AuditReport, RoomAudit } from "../../../../src/core/verdicts.ts";
import { syncStartOptions } from "../../../../src/background/session/sync-filter.ts";
import { HEAVY_ME, LOBBY_ROOM, heavyAccountScenario } from "../../../scenarios/heavy-account.ts";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");

const SMALL = {
  hugeUnencrypted: 400,
  unencrypted: { count: 2, min: 30, max: 60 },
  small: { count: 9, min: 2, max: 6 },
  medium: { count: 2, min: 10, max: 20 },
  largeEncrypted: 40,
};

/** A room as both sessions should see it: everything but first-seen times and this session's own entries. */
function comparable(room: RoomAudit) {
  const own = HEAVY_ME.userId;
  return {
    roomId: room.roomId,
    encrypted: room.encrypted,
    isDirect: room.isDirect,
    shield: room.shield,
    members: room.members
      .filter((m) => m.userId !== own)
      .map((m) => ({ userId: m.userId, displayName: m.displayName, verdict: m.verdict, masterKey: m.masterKey, devicesKnown: m.devicesKnown, devices: m.devices.map(({ firstSeen: _f, ...d }) => d) }))
      .sort((a, b) => a.userId.localeCompare(b.userId)),
    findings: room.findings.filter((f) => f.userId !== own).map((f) => f.id).sort(),
  };
}

const encryptedRooms = (report: AuditReport) => report.rooms.filter((r) => r.encrypted).map(comparable).sort((a, b) => a.roomId.localeCompare(b.roomId));

/** The device IDs with keys the server holds for a user: what a settled audit shows. */
function serverDevices(hs: Homeserver, userId: string): string[] {
  return [...(hs.state.users.get(userId)?.devices.values() ?? [])].filter((d) => d.deviceKeys).map((d) => d.deviceId).sort();
}

/**
 * Settled: no audit pending, and every member of every encrypted room (but this account) is shown
 * with the devices the server holds (their keys were downloaded and audited).
 */
async function settled(hs: Homeserver, auditor: Auditor, what: string, done: (report: AuditReport) => boolean = () => true): Promise<AuditReport> {
  return waitFor(
    async () => {
      await auditor.whenIdle();
      const report = auditor.report;
      if (!report || !done(report)) return undefined;
      const complete = report.rooms
        .filter((r) => r.encrypted)
        .every((r) => r.members.every((m) => m.userId === HEAVY_ME.userId || (m.devicesKnown && m.devices.map((d) => d.deviceId).sort().join() === serverDevices(hs, m.userId).join())));
      return complete ? report : undefined;
    },
    what,
    120_000,
  );
}

describe("lean sync: the audit of every encrypted room equals the full sync's", () => {
  let hs: Homeserver;
  let full: TestClient;
  let lean: TestClient;
  let fullAuditor: Auditor;
  let leanAuditor: Auditor;
  const scenario = heavyAccountScenario(SMALL);
  const encryptedCount = scenario.rooms!.filter((r) => r.encrypted).length;

  before(async () => {
    hs = await startHomeserver({ scenario });
    full = await createTestClient({ ...HEAVY_ME, baseUrl: hs.url, deviceName: "full", startOptions: (u) => syncStartOptions("full", u) });
    lean = await createTestClient({ ...HEAVY_ME, baseUrl: hs.url, deviceName: "lean", startOptions: (u) => syncStartOptions("lean", u) });
    fullAuditor = new Auditor(full.client, { records: new MemoryTrustRecords(), debounceMs: 50 });
    leanAuditor = new Auditor(lean.client, { records: new MemoryTrustRecords(), debounceMs: 50 });
    fullAuditor.start();
    leanAuditor.start();
    await fullAuditor.fullAudit();
    await leanAuditor.fullAudit();
  });

  after(async () => {
    fullAuditor?.stop();
    leanAuditor?.stop();
    await full?.stop();
    await lean?.stop();
    await hs?.stop();
  });

  it("the lean session holds only a few members of the large unencrypted room; the full one holds them all", () => {
    const leanHq = lean.client.getRoom("!hq:localhost")!;
    const fullHq = full.client.getRoom("!hq:localhost")!;
    assert.equal(fullHq.getJoinedMembers().length, SMALL.hugeUnencrypted + 1);
    assert.equal(leanHq.getJoinedMemberCount(), SMALL.hugeUnencrypted + 1, "the summary counts everyone");
    assert.ok(leanHq.getJoinedMembers().length <= 10, `lean holds ${leanHq.getJoinedMembers().length} members`);
  });

  it("every encrypted room's report is the same: members, verdicts, devices, findings, shield", async () => {
    const fullReport = await settled(hs, fullAuditor, "the full session's settled audit");
    const leanReport = await settled(hs, leanAuditor, "the lean session's settled audit");
    const fromFull = encryptedRooms(fullReport);
    assert.equal(fromFull.length, encryptedCount);
    assert.ok(fromFull.some((r) => r.findings.length > 0), "the scenario has findings to compare");
    assert.deepEqual(encryptedRooms(leanReport), fromFull);
  });

  it("a room that turns encryption on is audited with all its members at once", async () => {
    const lobbySize = scenario.rooms!.find((r) => r.id === LOBBY_ROOM)!.members!.length;
    await full.client.sendStateEvent(LOBBY_ROOM, "m.room.encryption" as never, { algorithm: "m.megolm.v1.aes-sha2" } as never, "");
    const lobbyAudited = (report: AuditReport) => {
      const room = report.rooms.find((r) => r.roomId === LOBBY_ROOM);
      return room?.encrypted === true && room.members.length === lobbySize + 1;
    };
    const leanReport = await settled(hs, leanAuditor, "the lean session's audit of the newly encrypted room", lobbyAudited);
    const fullReport = await settled(hs, fullAuditor, "the full session's audit of the newly encrypted room", lobbyAudited);
    assert.deepEqual(encryptedRooms(leanReport), encryptedRooms(fullReport));
  });
});
