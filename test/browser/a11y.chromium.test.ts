/**
 * Accessibility in real Chromium with the real background, session and audit (demo scenario):
 * axe-core (run inside each page) finds no serious or critical violation on any popup screen, in
 * light and dark, at 360 px wide.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Homeserver } from "../homeserver/index.ts";
import { axeViolations, describeViolation } from "./harness/axe.ts";
import { launchChromium, type ChromiumExtension } from "./harness/chromium.ts";
import { roomByName } from "./badges.setup.ts";
import { signInAndAudit, startPopupHomeserver } from "./popup.setup.ts";

describe("accessibility in Chromium", () => {
  let server: Homeserver;
  let extension: ChromiumExtension;
  const failures: string[] = [];

  before(async () => {
    server = await startPopupHomeserver();
    extension = await launchChromium();
  });
  after(async () => {
    await extension?.close();
    await server?.stop();
  });

  async function checkScreen(name: string, hash: string, ready: string): Promise<void> {
    for (const scheme of ["light", "dark"] as const) {
      const popup = await extension.openPopup();
      try {
        await popup.raw.setViewportSize({ width: 360, height: 600 });
        await popup.raw.emulateMedia({ colorScheme: scheme });
        if (hash) await popup.raw.evaluate((h) => (location.hash = h), hash);
        await popup.raw.waitForSelector(ready);
        for (const v of await axeViolations((expression) => popup.raw.evaluate(expression))) failures.push(`${name} (${scheme}): ${describeViolation(v)}`);
      } finally {
        await popup.close();
      }
    }
  }

  test("the sign-in screen has no serious or critical violation", async () => {
    await checkScreen("sign-in", "", "form");
  });

  test("every signed-in popup screen, light and dark, has no serious or critical violation", async () => {
    const report = await signInAndAudit(extension, server, server.scenario.rooms!.length);
    const falcon = roomByName(report, "Project Falcon");
    const dave = report.rooms.flatMap((r) => r.members).find((m) => m.userId === "@dave:localhost")!;
    await checkScreen("overview", "", '[data-screen="overview"] .rooms-list .vrow');
    await checkScreen("room", `#/room/${encodeURIComponent(falcon.roomId)}`, '[data-screen="room"] .member-row');
    await checkScreen("room with a member open", `#/room/${encodeURIComponent(falcon.roomId)}/${encodeURIComponent("@alice:localhost")}`, '[data-screen="room"] .device');
    await checkScreen("history", "#/history", ".history-entry");
    await checkScreen("settings", "#/settings", '[data-screen="settings"] fieldset');
    await checkScreen("identity", "#/identity", '[data-screen="identity"]');
    await checkScreen("verify device", `#/verify/${encodeURIComponent(dave.userId)}/DAVETABLET`, '[data-screen="verify-device"]');
    const problem = report.problems.find((p) => !p.acknowledged)!;
    await checkScreen("problem", `#/problem/${encodeURIComponent(problem.id)}`, "[data-problem-id]");
    assert.deepEqual(failures, []);
  });
});
