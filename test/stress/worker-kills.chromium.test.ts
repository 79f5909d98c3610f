/**
 * `npm run test:stress`: the background service worker stopped at random moments, many times in a
 * row, in real Chromium against the test homeserver — while it syncs (messages arriving), while it
 * audits (a full audit asked for) and while it writes records (acknowledgements, settings).
 * Afterwards: the same session (same device, no new device on the server), every acknowledgement
 * that was answered is still there, the records read back whole, and the audit runs again.
 * STRESS_KILLS (default 50) and STRESS_SEED choose the run; the seed is printed.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AuditReport } from "../../src/core/verdicts.ts";
import type { Homeserver } from "../homeserver/index.ts";
import { launchChromium, type ChromiumExtension } from "../browser/harness/chromium.ts";
import { sleep, waitFor } from "../browser/harness/common.ts";
import { currentReport, demoAccount, signInAndAudit, startPopupHomeserver, waitForReport } from "../browser/popup.setup.ts";
import { seeded } from "../node/hostile/fuzz-gen.ts";

const KILLS = Number(process.env.STRESS_KILLS ?? 50);
const SEED = Number(process.env.STRESS_SEED ?? Date.now() % 100_000);

describe(`background stopped ${KILLS} times at random moments (seed ${SEED})`, () => {
  let server: Homeserver;
  let extension: ChromiumExtension;
  let first: AuditReport;
  let deviceId: string;
  let serverDevicesBefore: string[];
  const acknowledged = new Set<string>();
  const moments = { sync: 0, audit: 0, write: 0 };

  before(async () => {
    console.log(`stress seed ${SEED}`);
    server = await startPopupHomeserver();
    extension = await launchChromium();
    first = await signInAndAudit(extension, server, server.scenario.rooms!.length);
    const status = await extension.sendFromExtensionPage("session.status", {});
    assert.ok(status.ok && status.value.signedIn && status.value.deviceId);
    deviceId = status.value.deviceId!;
    serverDevicesBefore = [...server.state.users.get(demoAccount(server).userId)!.devices.keys()].sort();
  });

  after(async () => {
    await extension?.close();
    await server?.stop();
  });

  test("every stop leaves the same session, and the records whole", async () => {
    const rng = seeded(SEED);
    const grace = await login(server, "@grace:localhost", "grace-password");
    const lobby = first.rooms.find((r) => r.name === "Public Lobby")?.roomId ?? [...server.state.rooms.keys()][0]!;
    const findings = first.rooms.flatMap((r) => r.findings.map((f) => f.id));
    for (let i = 0; i < KILLS; i++) {
      const moment = (["sync", "audit", "write"] as const)[i % 3]!;
      moments[moment]++;
      if (moment === "sync") {
        for (let n = 0; n < 5; n++) void say(server, grace, lobby, `message ${i}.${n}`);
      } else if (moment === "audit") {
        void extension.sendFromExtensionPage("audit.run", {}).catch(() => undefined);
      } else {
        const id = findings[Math.floor(rng() * findings.length)];
        if (id)
          void extension
            .sendFromExtensionPage("audit.acknowledge", { findingIds: [id] })
            .then((answer) => answer.ok && answer.value.acknowledged >= 0 && acknowledged.add(id))
            .catch(() => undefined);
        void extension.sendFromExtensionPage("settings.set", { historyRetentionDays: 30 + i }).catch(() => undefined);
      }
      await sleep(Math.floor(rng() * (moment === "write" ? 60 : 1500)));
      await extension.stopBackground();
      const status = await extension.sendFromExtensionPage("session.status", {});
      assert.ok(status.ok && status.value.signedIn, `stop ${i} (${moment}): still signed in: ${JSON.stringify(status)}`);
      assert.equal(status.value.deviceId, deviceId, `stop ${i}: the same device`);
    }
  });

  test("afterwards: no device created twice, acknowledgements kept, the audit runs again", async () => {
    const devices = [...server.state.users.get(demoAccount(server).userId)!.devices.keys()].sort();
    assert.deepEqual(devices, serverDevicesBefore, "the server has the same devices: none created by a restart");
    const live = await waitForReport(extension, "a live audit after the stops", (r) => r.generatedAt > first.generatedAt, 120_000);
    assert.deepEqual(live.rooms.map((r) => r.roomId).sort(), first.rooms.map((r) => r.roomId).sort());
    const report = await currentReport(extension);
    const open = new Set(report.rooms.flatMap((r) => r.findings.filter((f) => !f.acknowledged).map((f) => f.id)));
    for (const id of acknowledged) assert.ok(!open.has(id), `acknowledged finding ${id} is open again`);
    const history = await extension.sendFromExtensionPage("history.list", { limit: 1000 });
    assert.ok(history.ok, JSON.stringify(history));
    const settings = await extension.sendFromExtensionPage("settings.get", {});
    assert.ok(settings.ok && settings.value.historyRetentionDays >= 30, JSON.stringify(settings));
    const pinged = await extension.sendFromExtensionPage("ping", {});
    assert.ok(pinged.ok && pinged.value.bootCount > KILLS, `the worker did restart each time (boots: ${pinged.ok && pinged.value.bootCount})`);
    console.log(`stops: ${JSON.stringify(moments)}, acknowledgements answered: ${acknowledged.size}, history entries: ${history.value.entries.length}`);
    await waitFor("the session syncing", async () => {
      const s = await extension.sendFromExtensionPage("session.status", {});
      return s.ok && s.value.sync?.state === "syncing";
    });
  });
});

async function login(server: Homeserver, user: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/_matrix/client/v3/login`, {
    method: "POST",
    body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user }, password }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function say(server: Homeserver, token: string, roomId: string, body: string): Promise<void> {
  await fetch(`${server.url}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(body)}${Math.random()}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ msgtype: "m.text", body }),
  });
}
