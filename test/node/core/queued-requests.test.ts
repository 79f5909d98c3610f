// With lean sync, an encrypted room's members are loaded by the audit itself (/members), and the
// Rust crypto queues a key query for them; js-sdk sends queued requests only when a sync completes.
// The audit sends them at once (olm-machine-adapter.ts's sendQueuedCryptoRequests): here every
// /sync after the first is held unanswered, and the audit still shows every member's devices.
import "./unref-long-timers.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { createTestClient, waitFor, type TestClient } from "../../helpers/matrix-client.ts";
import { Auditor } from "../../../src/core/auditor.ts";
import { MemoryTrustRecords } from "../../../src/core/records.ts";
import { sendQueuedCryptoRequests } from "../../../src/core/olm-machine-adapter.ts";
import { syncStartOptions } from "../../../src/background/session/sync-filter.ts";
import { HEAVY_ME, heavyAccountScenario } from "../../scenarios/heavy-account.ts";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");

const SMALL = {
  hugeUnencrypted: 60,
  unencrypted: { count: 1, min: 10, max: 20 },
  small: { count: 4, min: 2, max: 5 },
  medium: { count: 1, min: 8, max: 12 },
  largeEncrypted: 20,
};

describe("the members' key query goes without waiting for a sync", () => {
  let hs: Homeserver;
  let lean: TestClient;
  let auditor: Auditor;

  before(async () => {
    hs = await startHomeserver({ scenario: heavyAccountScenario(SMALL) });
    lean = await createTestClient({ ...HEAVY_ME, baseUrl: hs.url, deviceName: "lean", startOptions: (u) => syncStartOptions("lean", u) });
    auditor = new Auditor(lean.client, { records: new MemoryTrustRecords(), debounceMs: 50 });
  });

  after(async () => {
    auditor?.stop();
    hs?.hostile.clear();
    await lean?.stop();
    await hs?.stop();
  });

  it("the crypto of a running client accepts the call; a stopped one is left alone", () => {
    assert.equal(sendQueuedCryptoRequests(lean.client.getCrypto()!), true);
    assert.equal(sendQueuedCryptoRequests({ onSyncCompleted() {}, stopped: true }), false);
    assert.equal(sendQueuedCryptoRequests({}), false);
  });

  it("with every later /sync held, the audit still shows each encrypted room's members with their devices", async () => {
    hs.hostile.failRequests({ path: "/sync", failure: { kind: "hang" }, times: Infinity });
    await waitFor(() => hs.hostile.failed.some((f) => f.startsWith("hang ") && f.includes("/sync")) || undefined, "the client's next /sync held");
    auditor.start();
    await auditor.fullAudit();
    const withKeys = (userId: string) => [...(hs.state.users.get(userId)?.devices.values() ?? [])].filter((d) => d.deviceKeys).map((d) => d.deviceId).sort().join();
    const report = await waitFor(
      async () => {
        await auditor.whenIdle();
        const r = auditor.report!;
        const encrypted = r.rooms.filter((room) => room.encrypted);
        const complete = encrypted.every((room) =>
          room.members.every((m) => m.userId === HEAVY_ME.userId || (m.devicesKnown && m.devices.map((d) => d.deviceId).sort().join() === withKeys(m.userId))),
        );
        return complete && encrypted.length > 0 ? r : undefined;
      },
      "every member's devices audited with no sync completed",
      60_000,
    );
    assert.ok(report.rooms.some((room) => room.encrypted && room.members.length > 5), "members were loaded by the audit");
    assert.ok(hs.hostile.failed.every((f) => !f.includes("/members")), "members were answered, not held");
  });
});
