/** The popup's overview in Firefox ESR against the demo scenario, with the real background and audit. */
import { after, before, describe, test } from "node:test";
import { mkdir } from "node:fs/promises";
import type { Homeserver } from "../homeserver/index.ts";
import { launchFirefox, type FirefoxExtension } from "./harness/firefox.ts";
import assert from "node:assert/strict";
import { waitFor } from "./harness/common.ts";
import { checkIsolationCard, checkOverview, currentReport, HOSTILE_NAME, HOSTILE_USER, signInAndAudit, startPopupHomeserver } from "./popup.setup.ts";

const SHOTS = new URL("../../test-output/popup-firefox/", import.meta.url).pathname;

describe("popup in Firefox ESR", () => {
  let server: Homeserver;
  let extension: FirefoxExtension;

  before(async () => {
    server = await startPopupHomeserver();
    extension = await launchFirefox();
    await signInAndAudit(extension, server, server.scenario.rooms!.length);
  });
  after(async () => {
    await extension?.close();
    await server?.stop();
  });

  test("the overview shows the account, the inbox and every room with its shield", async () => {
    const popup = await extension.openPopup();
    try {
      await checkOverview(popup, await currentReport(extension));
      const page = popup.raw as import("puppeteer-core").Page;
      await mkdir(SHOTS, { recursive: true });
      await page.setViewport({ width: 400, height: 600 });
      await page.screenshot({ path: `${SHOTS}overview-firefox.png` });
    } finally {
      await popup.close();
    }
  });

  test("the isolation setting says it governs only this extension's session, and shows what Element would do", async () => {
    const popup = await extension.openPopup();
    try {
      const page = popup.raw as import("puppeteer-core").Page;
      await page.setViewport({ width: 400, height: 600 });
      await popup.evaluate(() => (location.hash = "#/settings"), undefined);
      await checkIsolationCard(popup, await currentReport(extension));
      await popup.evaluate(() => document.querySelector("[data-policy-scope]")?.closest("fieldset")?.scrollIntoView({ block: "start" }), undefined);
      await page.screenshot({ path: `${SHOTS}settings-isolation-firefox.png` });
    } finally {
      await popup.close();
    }
  });

  test("a room opened from the list shows every member with the audit's verdict, each device when expanded, names as text", async () => {
    const report = await currentReport(extension);
    const ops = report.rooms.find((r) => r.name === "Ops")!;
    const popup = await extension.openPopup();
    try {
      const page = popup.raw as import("puppeteer-core").Page;
      await page.setViewport({ width: 400, height: 600 });
      await page.waitForSelector(`.room-row[data-room-id="${ops.roomId}"]`);
      await page.click(`.room-row[data-room-id="${ops.roomId}"]`);
      await page.waitForSelector('[data-screen="room"] .member-row');
      const members = await popup.evaluate(
        () => [...document.querySelectorAll<HTMLElement>(".member-row")].map((el) => [el.dataset.userId!, el.dataset.userVerdict!]),
        undefined,
      );
      assert.deepEqual(Object.fromEntries(members), Object.fromEntries(ops.members.map((m) => [m.userId, m.verdict])), "every member with the audit's verdict");
      await page.click('.member-row[data-user-id="@dave:localhost"]');
      const tablet = await waitFor("Dave's devices", () =>
        popup.evaluate(() => {
          const el = document.querySelector<HTMLElement>('.device[data-device-id="DAVETABLET"]');
          return el ? { verdict: el.dataset.deviceVerdict, groups: [...el.querySelectorAll(".fp-group")].map((g) => g.textContent).join("") } : undefined;
        }, undefined),
      );
      const audited = ops.members.find((m) => m.userId === "@dave:localhost")!.devices.find((d) => d.deviceId === "DAVETABLET")!;
      assert.deepEqual(tablet, { verdict: audited.verdict, groups: audited.ed25519 });
      const mallory = await popup.evaluate(
        (userId) => ({
          text: document.querySelector(`.member-row[data-user-id="${userId}"]`)?.textContent ?? "",
          markup: document.querySelectorAll('[data-screen="room"] img, [data-screen="room"] b').length,
        }),
        HOSTILE_USER,
      );
      assert.ok(mallory.text.includes(HOSTILE_NAME), "a name that is markup shows as its text");
      assert.equal(mallory.markup, 0, "and makes no element");
      await page.screenshot({ path: `${SHOTS}room-firefox.png` });
    } finally {
      await popup.close();
    }
  });
});
