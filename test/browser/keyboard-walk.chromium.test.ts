/**
 * A keyboard-only walk through the popup, as someone who cannot use a mouse would take it: from the
 * sign-in form (Tab between fields, Enter to sign in) to acting on a problem (Tab to its
 * "Acknowledge", Enter). Every stop is judged by the browser: the focused element is the expected
 * one, laid out inside the window, and what a click at its centre would reach.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Homeserver } from "../homeserver/index.ts";
import { rm } from "node:fs/promises";
import { launchChromium } from "./harness/chromium.ts";
import { grantedVariant, viaGrantedHost } from "./harness/granted-host.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";
import { currentReport, demoAccount, startPopupHomeserver, waitForReport } from "./popup.setup.ts";
import type { AuditReport } from "../../src/core/verdicts.ts";

const openFindings = (r: AuditReport): string[] => r.rooms.flatMap((room) => room.findings.filter((f) => !f.acknowledged).map((f) => f.id));

/** The focused element, if it matches `selector`, is inside the window and is what a click at its centre reaches. */
function focusedIs(page: PageHandle, selector: string): Promise<{ matches: boolean; visible: boolean; text: string; where: string }> {
  return page.evaluate((sel) => {
    const active = document.activeElement as HTMLElement | null;
    if (!active || active === document.body) return { matches: false, visible: false, text: "", where: "body" };
    const box = active.getBoundingClientRect();
    const inside = box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth;
    const hit = inside ? document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) : null;
    return {
      matches: active.matches(sel),
      visible: inside && hit !== null && (hit === active || active.contains(hit)),
      text: (active.textContent ?? "").trim().slice(0, 60),
      where: `${active.tagName.toLowerCase()}${active.getAttribute("name") ? `[name=${active.getAttribute("name")}]` : ""}`,
    };
  }, selector);
}

/** Presses Tab until the focus is on `selector` (at most `limit` presses); fails naming where focus went. */
async function tabTo(page: PageHandle, selector: string, limit = 40): Promise<void> {
  const raw = page.raw as Page;
  const path: string[] = [];
  for (let i = 0; i < limit; i++) {
    const focused = await focusedIs(page, selector);
    if (focused.matches) {
      // Scrolled into view by the browser when focused; it must then be visible and reachable.
      assert.ok(focused.visible, `${selector} has focus but is not visible and reachable in the window`);
      return;
    }
    path.push(focused.where + (focused.text ? ` "${focused.text}"` : ""));
    await raw.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}; focus went: ${path.join(" → ")}`);
}

describe("a keyboard-only walk through the popup, in Chromium", () => {
  let server: Homeserver;
  let extension: ExtensionUnderTest;
  let extensionDir: string;

  before(async () => {
    server = await startPopupHomeserver();
    // The form asks for the homeserver's host permission; this build has it (harness/granted-host.ts).
    extensionDir = await grantedVariant("chrome");
    extension = await launchChromium({ extensionDir });
  });
  after(async () => {
    await extension?.close();
    await server?.stop();
    if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
  });

  test("sign in with Tab and Enter, then acknowledge a problem with Tab and Enter", async () => {
    const account = demoAccount(server);
    const popup = await extension.openPopup();
    const raw = popup.raw as Page;
    try {
      await raw.setViewportSize({ width: 400, height: 600 });
      await waitFor("the sign-in form", async () => ((await popup.evaluate(() => document.querySelector('[data-form="sign-in"]') !== null, undefined)) ? true : undefined));
      await tabTo(popup, 'input[name="homeserver"]');
      await raw.keyboard.type(viaGrantedHost(server.url));
      await tabTo(popup, 'input[name="user"]');
      await raw.keyboard.type(account.userId);
      await tabTo(popup, 'input[name="password"]');
      await raw.keyboard.type(account.password);
      await waitFor("the homeserver looked up (Sign in enabled)", () =>
        popup.evaluate(() => (document.querySelector<HTMLButtonElement>('[data-action="sign-in"]')?.disabled === false ? true : undefined), undefined),
      );
      await raw.keyboard.press("Enter");
      await waitFor("signed in", () => popup.evaluate(() => (document.querySelector<HTMLElement>(".app")?.dataset.signedIn === "true" ? true : undefined), undefined), { timeoutMs: 60_000 }).catch(async (error: Error) => {
        const status = await extension.sendFromExtensionPage("session.status", {});
        const granted = await popup.evaluate((o) => (globalThis as unknown as { chrome: { permissions: { contains(p: object): Promise<boolean> } } }).chrome.permissions.contains({ origins: [o] }), `${server.url}/*`);
        throw new Error(`${error.message}; status ${JSON.stringify(status).slice(0, 200)}; permission ${granted}; the popup shows: ${(await popup.evaluate(() => document.body.innerText, undefined)).slice(0, 300)}`);
      });

      const report = await waitForReport(extension, "the first audit", (r) => r.rooms.length === server.scenario.rooms!.length && openFindings(r).length > 0, 90_000);
      const before = openFindings(report).length;
      // The overview's inbox, once it shows the report's problems.
      await waitFor("the inbox's Acknowledge buttons", () =>
        popup.evaluate(() => ([...document.querySelectorAll("button")].some((b) => b.textContent?.trim() === "Acknowledge") ? true : undefined), undefined),
        { timeoutMs: 30_000 },
      );
      await popup.evaluate(() => {
        // Start the walk from the top of the page, as after opening the popup.
        (document.activeElement as HTMLElement | null)?.blur();
      }, undefined);
      const acknowledge = "button:not([disabled])";
      let reached = false;
      for (let i = 0; i < 60 && !reached; i++) {
        await raw.keyboard.press("Tab");
        const focused = await focusedIs(popup, acknowledge);
        reached = focused.matches && focused.text === "Acknowledge";
        if (reached) assert.ok(focused.visible, "the focused Acknowledge is visible and reachable");
      }
      assert.ok(reached, "Tab reaches an Acknowledge button");
      await raw.screenshot({ path: "test-output/keyboard-walk-focused-chromium.png" });
      const problem = await popup.evaluate(() => (document.activeElement?.closest("[data-problem-id]") as HTMLElement | null)?.dataset.problemId ?? null, undefined);
      assert.ok(problem, "the focused Acknowledge belongs to a problem in the inbox");
      await raw.keyboard.press("Enter");
      await waitFor("the problem gone from the inbox", () =>
        popup.evaluate((id) => (![...document.querySelectorAll<HTMLElement>(".finding:not(.acknowledged)")].some((e) => e.dataset.problemId === id) ? true : undefined), problem),
      );
      const after = await waitForReport(extension, "one problem fewer", (r) => openFindings(r).length < before);
      assert.ok(openFindings(after).length < before);
      assert.ok((await currentReport(extension)).rooms.length > 0);
      await raw.screenshot({ path: "test-output/keyboard-walk-chromium.png" });
    } finally {
      await popup.close();
    }
  });
});
