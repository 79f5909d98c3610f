/** The popup's overview in Firefox ESR against the demo scenario, with the real background and audit. */
import { after, before, describe, test } from "node:test";
import { mkdir } from "node:fs/promises";
import type { Homeserver } from "../homeserver/index.ts";
import { launchFirefox, type FirefoxExtension } from "./harness/firefox.ts";
import { checkIsolationCard, checkOverview, currentReport, signInAndAudit, startPopupHomeserver } from "./popup.setup.ts";

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
});
