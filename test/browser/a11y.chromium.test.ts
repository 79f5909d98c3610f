/**
 * Accessibility in real Chromium with the real background, session and audit (demo scenario):
 * axe-core (run inside each page) finds no serious or critical violation on any popup screen, in
 * light and dark, at 360 px wide.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import type { Homeserver } from "../homeserver/index.ts";
import { launchChromium, type ChromiumExtension } from "./harness/chromium.ts";
import { roomByName } from "./badges.setup.ts";
import { signInAndAudit, startPopupHomeserver } from "./popup.setup.ts";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page (through the DevTools protocol, so the page's CSP does not apply) and answers its serious and critical violations. */
async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    type Axe = { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> };
    const result = await (globalThis as unknown as { axe: Axe }).axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

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
        for (const v of await axeViolations(popup.raw)) failures.push(`${name} (${scheme}): ${v.impact} ${v.id} — ${v.help} at ${v.nodes.join(" ")}`);
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
