/**
 * A heavy account's first sign-in survives the browser stopping the background twice (each
 * browser's test file runs these cases): once while the first sync is still being answered, once
 * while the first audit is loading the members of encrypted rooms. Each new start resumes from what
 * was stored: the same device (no second one on the account), then the first complete audit, and
 * that audit's records still there after one more stop.
 *
 * The two moments are made certain, not timed: the homeserver holds every /sync (then every
 * /members) unanswered until the stop has happened.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startHomeserver, type Homeserver } from "../homeserver/index.ts";
import { HEAVY_ME, heavyAccountScenario, type HeavyAccountOptions } from "../scenarios/heavy-account.ts";
import { waitFor, type ExtensionUnderTest } from "./harness/common.ts";
import { waitForReport } from "./popup.setup.ts";
import type { AuditReport } from "../../src/core/verdicts.ts";

/** A heavy account scaled to a test's time: thousands of members, about a hundred rooms. */
const SCALE: HeavyAccountOptions = {
  hugeUnencrypted: 3_000,
  unencrypted: { count: 4, min: 100, max: 400 },
  small: { count: 60, min: 2, max: 20 },
  medium: { count: 6, min: 20, max: 80 },
  largeEncrypted: 300,
};

const findingIds = (r: AuditReport): string[] => r.rooms.flatMap((room) => room.findings.map((f) => f.id)).sort();

export function heavyRestartCases(name: string, launch: () => Promise<ExtensionUnderTest>): void {
  describe(`a heavy account's first sign-in with the background stopped twice, in ${name}`, () => {
    let server: Homeserver;
    let extension: ExtensionUnderTest;
    let joinedRooms: number;

    before(async () => {
      const scenario = heavyAccountScenario(SCALE);
      // The report lists every joined room (unencrypted ones say so), encrypted or not.
      joinedRooms = scenario.rooms!.length;
      server = await startHomeserver({ scenario });
      extension = await launch();
    });

    after(async () => {
      await extension?.close();
      await server?.stop();
    });

    /** The account's devices on the server. */
    const serverDevices = () => [...(server.state.users.get(HEAVY_ME.userId)?.devices.keys() ?? [])];
    /** Requests the server is holding (or held) unanswered, for paths containing `path`. */
    const held = (path: string) => server.hostile.failed.filter((f) => f.startsWith("hang ") && f.includes(path)).length;

    test("stopped during the first sync, and during the first audit: one device, then a complete audit that is kept", async () => {
      // 1. The first sync is held: sign-in finishes (the device exists), the sync does not.
      server.hostile.failRequests({ path: "/sync", failure: { kind: "hang" }, times: Infinity });
      const signedIn = await extension.sendFromExtensionPage("session.signIn", { homeserver: server.url, user: HEAVY_ME.userId, password: HEAVY_ME.password });
      assert.ok(signedIn.ok, JSON.stringify(signedIn));
      const deviceId = signedIn.value.deviceId;
      assert.ok(deviceId);
      assert.deepEqual(serverDevices(), [deviceId]);
      await waitFor("the first sync asked", async () => (held("/sync") > 0 ? true : undefined), { timeoutMs: 60_000, intervalMs: 100 });
      await extension.stopBackground();
      const afterFirst = await extension.sendFromExtensionPage("session.status", {});
      assert.ok(afterFirst.ok && afterFirst.value.signedIn && afterFirst.value.deviceId === deviceId, JSON.stringify(afterFirst));

      // 2. The sync goes through now, but the members of encrypted rooms are held: the first audit cannot finish.
      const membersBefore = held("/members");
      server.hostile.clear();
      server.hostile.failRequests({ path: "/members", failure: { kind: "hang" }, times: Infinity });
      await waitFor("the first audit asking for members", async () => (held("/members") > membersBefore ? true : undefined), { timeoutMs: 120_000, intervalMs: 250 });
      const midAudit = await extension.sendFromExtensionPage("audit.report", {});
      assert.ok(midAudit.ok);
      assert.ok(!midAudit.value || midAudit.value.rooms.length < joinedRooms, `no complete audit yet (${midAudit.value?.rooms.length} rooms)`);
      await extension.stopBackground();

      // 3. Everything answered: the audit completes from what was stored, on the same device.
      server.hostile.clear();
      let seen = "no report";
      const report = await waitForReport(extension, "the first complete audit", (r) => {
        seen = `${r.rooms.length} rooms of ${joinedRooms}`;
        return r.rooms.length === joinedRooms;
      }, 180_000).catch((error: Error) => {
        throw new Error(`${error.message}; the last report had ${seen}`);
      });
      const status = await extension.sendFromExtensionPage("session.status", {});
      assert.ok(status.ok && status.value.deviceId === deviceId, "the same device after both stops");
      assert.deepEqual(serverDevices(), [deviceId], "no second device on the account");
      assert.ok(findingIds(report).length > 0, "the scenario's unverified people make findings");

      // 4. One more stop: the stored report answers at once, every room and every finding shown
      //    before the stop kept (more may have come meanwhile, as the people's keys arrive).
      const shown = await extension.sendFromExtensionPage("audit.report", {});
      assert.ok(shown.ok && shown.value);
      await extension.stopBackground();
      const stored = await extension.sendFromExtensionPage("audit.report", {});
      assert.ok(stored.ok && stored.value, JSON.stringify(stored).slice(0, 300));
      assert.equal(stored.value.rooms.length, joinedRooms);
      const kept = new Set(findingIds(stored.value));
      assert.deepEqual(findingIds(shown.value).filter((id) => !kept.has(id)), [], "no finding lost");
    });
  });
}
