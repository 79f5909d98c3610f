/**
 * The passphrase lock as the user meets it in the popup (each browser's test file runs these cases):
 * locked, the toolbar shows a lock and the popup the unlock screen with nothing of the audit; a wrong passphrase is refused
 * on screen and leaves the session locked; the right one, typed and sent with Enter, opens the
 * overview again. Judged by what the browser lays out and hit-tests; screenshots in test-output/lock-<browser>/.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Homeserver } from "../homeserver/index.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";
import { signInAndAudit, startPopupHomeserver, toolbarBadgeText } from "./popup.setup.ts";

const PASSPHRASE = "correct horse battery staple";

/** What both drivers' pages (playwright-core, puppeteer-core) offer for real input and pictures. */
interface RawPage {
  mouse: { click(x: number, y: number): Promise<unknown> };
  keyboard: { type(text: string): Promise<unknown>; press(key: string): Promise<unknown> };
  screenshot(options: { path: string }): Promise<unknown>;
  setViewportSize?(size: { width: number; height: number }): Promise<unknown>;
  setViewport?(size: { width: number; height: number }): Promise<unknown>;
}

/** A laid-out element's centre, and whether a click there reaches it (not covered, not hidden). */
interface Target {
  x: number;
  y: number;
  reachable: boolean;
  text: string;
}

function locate(page: PageHandle, selector: string): Promise<Target | null> {
  return page.evaluate((sel) => {
    const element = document.querySelector(sel);
    if (!element) return null;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return null;
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    return { x, y, reachable: hit !== null && (hit === element || element.contains(hit)), text: (element.textContent ?? "").trim() };
  }, selector);
}

export function lockCases(name: string, launch: () => Promise<ExtensionUnderTest>): void {
  describe(`the passphrase lock in the popup, in ${name}`, () => {
    let server: Homeserver;
    let extension: ExtensionUnderTest;
    const shots = `test-output/lock-${name.split(" ")[0]!.toLowerCase()}`;

    before(async () => {
      mkdirSync(shots, { recursive: true });
      server = await startPopupHomeserver();
      extension = await launch();
      await signInAndAudit(extension, server, server.scenario.rooms!.length);
      const set = await extension.sendFromExtensionPage("session.setPassphrase", { passphrase: PASSPHRASE });
      assert.ok(set.ok, JSON.stringify(set));
      const locked = await extension.sendFromExtensionPage("session.lock", {});
      assert.ok(locked.ok && locked.value.locked === true, JSON.stringify(locked));
    });

    after(async () => {
      await extension?.close();
      await server?.stop();
    });

    const openPopup = async () => {
      const popup = await extension.openPopup();
      const raw = popup.raw as RawPage;
      await (raw.setViewportSize?.({ width: 400, height: 600 }) ?? raw.setViewport?.({ width: 400, height: 600 }));
      return { popup, raw };
    };

    const typeInto = async (popup: PageHandle, raw: RawPage, selector: string, text: string) => {
      const field = await waitFor(`the field ${selector}`, async () => {
        const found = await locate(popup, selector);
        return found?.reachable ? found : undefined;
      });
      await raw.mouse.click(field.x, field.y);
      await raw.keyboard.type(text);
    };

    test("locked: the unlock screen, reachable, and nothing of the audit on it", async () => {
      const { popup, raw } = await openPopup();
      try {
        const button = await waitFor("the Unlock button laid out and reachable", async () => {
          const found = await locate(popup, '[data-form="unlock"] button[type="submit"]');
          return found?.reachable ? found : undefined;
        });
        assert.equal(button.text, "Unlock");
        const heading = await locate(popup, '[data-screen="locked"] h1');
        assert.equal(heading?.text, "Matrix Trust Auditor is locked");
        const shown = await popup.evaluate(() => document.body.textContent ?? "", undefined);
        assert.ok(shown.includes("@demo:localhost"), "says whose session is locked");
        for (const room of server.scenario.rooms!) if (room.name) assert.ok(!shown.includes(room.name), `no room of the audit shown (${room.name})`);
        assert.equal(await toolbarBadgeText(popup), "🔒", "the toolbar shows the lock");
        await raw.screenshot({ path: `${shots}/locked.png` });
      } finally {
        await popup.close();
      }
    });

    test("a wrong passphrase is refused on screen, and the session stays locked", async () => {
      const { popup, raw } = await openPopup();
      try {
        await typeInto(popup, raw, '[data-form="unlock"] input[name="passphrase"]', "not the passphrase");
        await raw.keyboard.press("Enter");
        const alert = await waitFor("the refusal shown", async () => {
          const found = await locate(popup, '[data-form="unlock"] [role="alert"]');
          return found && found.text.length > 0 ? found : undefined;
        });
        assert.match(alert.text, /passphrase/i);
        await raw.screenshot({ path: `${shots}/wrong-passphrase.png` });
        const status = await extension.sendFromExtensionPage("session.status", {});
        assert.ok(status.ok && status.value.locked === true, "still locked");
      } finally {
        await popup.close();
      }
    });

    test("the right passphrase, sent with Enter, opens the overview again", async () => {
      const { popup, raw } = await openPopup();
      try {
        await typeInto(popup, raw, '[data-form="unlock"] input[name="passphrase"]', PASSPHRASE);
        await raw.keyboard.press("Enter");
        await waitFor("the overview with its report", async () => ((await locate(popup, "[data-generated-at]")) ? true : undefined), { timeoutMs: 60_000 });
        const status = await extension.sendFromExtensionPage("session.status", {});
        assert.ok(status.ok && status.value.signedIn && !status.value.locked, JSON.stringify(status));
        await waitFor("the toolbar's lock gone", async () => ((await toolbarBadgeText(popup)) !== "🔒" ? true : undefined));
        await raw.screenshot({ path: `${shots}/unlocked.png` });
      } finally {
        await popup.close();
      }
    });
  });
}
