// The audit's room shields against a reference written the way Element Web computes its shield
// (shieldStatusForRoom: one public CryptoApi call at a time), on the demo scenario before and after
// its live steps. Both run on the same real session.
import "./unref-long-timers.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { EventType, type MatrixClient, type Room } from "matrix-js-sdk";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { bootstrapCrossSigning, createTestClient, waitFor, type TestClient } from "../../helpers/matrix-client.ts";
import { Auditor } from "../../../src/core/auditor.ts";
import type { AuditReport, RoomShield } from "../../../src/core/verdicts.ts";
import { nextUpdate } from "./audit-helpers.ts";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");

const DEMO = "@demo:localhost";

/** Element's rules, step by step, with Element's own calls. */
async function referenceShield(client: MatrixClient, room: Room): Promise<RoomShield> {
  const crypto = client.getCrypto()!;
  const me = client.getUserId()!;
  const members = (await room.getEncryptionTargetMembers()).map((m) => m.userId);
  const direct = (client.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, string[]>;
  const inDMMap = Object.values(direct).some((ids) => ids.includes(room.roomId));
  const verified: string[] = [];
  const unverified: string[] = [];
  for (const userId of members) {
    if (userId === me) continue;
    const trust = await crypto.getUserVerificationStatus(userId);
    if (trust.wasCrossSigningVerified() && !trust.isCrossSigningVerified()) return "warning";
    (trust.isCrossSigningVerified() ? verified : unverified).push(userId);
  }
  const includeUser = (verified.length > 0 && !inDMMap && members.length !== 2) || members.length === 1;
  const targets = includeUser ? [...verified, me] : verified;
  const devicesByUser = await crypto.getUserDeviceInfo(targets);
  for (const userId of targets) {
    const devices = devicesByUser.get(userId);
    if (!devices) return "warning";
    for (const deviceId of devices.keys()) {
      const status = await crypto.getDeviceVerificationStatus(userId, deviceId);
      if (!status?.isVerified()) return "warning";
    }
  }
  return unverified.length === 0 ? "verified" : "normal";
}

async function compare(client: MatrixClient, report: AuditReport): Promise<Record<string, [RoomShield, RoomShield]>> {
  const pairs: Record<string, [RoomShield, RoomShield]> = {};
  for (const r of report.rooms) {
    if (!r.encrypted) continue;
    pairs[r.name] = [r.shield, await referenceShield(client, client.getRoom(r.roomId)!)];
  }
  return pairs;
}

function assertSame(pairs: Record<string, [RoomShield, RoomShield]>): void {
  for (const [name, [ours, element]] of Object.entries(pairs)) assert.equal(ours, element, `${name}: audit says ${ours}, Element's rules say ${element}`);
}

describe("room shield matches Element's rules on the demo scenario", () => {
  let hs: Homeserver;
  let me: TestClient;
  let auditor: Auditor;

  before(async () => {
    hs = await startHomeserver({ scenario: "demo" });
    const account = hs.accounts.find((a) => a.userId === DEMO)!;
    me = await createTestClient({ baseUrl: hs.url, userId: DEMO, password: account.password, recoveryKey: account.recoveryKey! });
    await me.crypto.userHasCrossSigningKeys(DEMO, true);
    await bootstrapCrossSigning(me);
    await waitFor(async () => (await me.crypto.getUserVerificationStatus(DEMO)).isCrossSigningVerified(), "own identity trusted");
    const everyone = hs.scenario.users.map((u) => u.id).filter((id) => id !== "@frank:localhost"); // frank publishes no keys
    await waitFor(async () => (await me.crypto.getUserDeviceInfo(everyone)).size === everyone.length, "device lists");
    auditor = new Auditor(me.client, { debounceMs: 50 });
    await auditor.fullAudit();
    auditor.start();
  });

  after(async () => {
    auditor?.stop();
    await me?.stop();
    await hs?.stop();
  });

  it("at first", async () => {
    const pairs = await compare(me.client, auditor.report!);
    assertSame(pairs);
    assert.deepEqual(pairs["Alice"], ["verified", "verified"]);
  });

  it("after a verified user adds a device they did not sign", async () => {
    const seen = nextUpdate(auditor, (r) => r.rooms.some((x) => x.members.some((m) => m.devices.some((d) => d.deviceId === "ALICENEW"))), "ALICENEW");
    await hs.applyStep("add-device");
    const pairs = await compare(me.client, (await seen).report);
    assertSame(pairs);
    assert.deepEqual(pairs["Alice"], ["warning", "warning"]);
  });

  it("after verified and unverified users reset their identities", async () => {
    const seen = nextUpdate(
      auditor,
      (r) => r.rooms.some((x) => x.members.some((m) => m.userId === "@bob:localhost" && m.verdict === "verification-violation")) &&
        r.rooms.some((x) => x.members.some((m) => m.userId === "@carol:localhost" && m.verdict === "identity-changed")),
      "bob's violation and carol's change",
    );
    await hs.applyStep("reset-identities");
    const pairs = await compare(me.client, (await seen).report);
    assertSame(pairs);
    assert.deepEqual(pairs["Project Falcon"], ["warning", "warning"]);
  });
});
