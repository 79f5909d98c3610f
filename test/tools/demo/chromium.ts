/** Chromium (Debian's package or CHROME_PATH) through playwright-core, headed or headless, extension loaded. */
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MessageType, RequestOf, ResponseOf } from "../../../src/protocol/messages.ts";
import type { Result } from "../../../src/protocol/result.ts";
import { evaluationExpression, sendMessageExpression, probeExpression } from "../../browser/harness/common.ts";
import { findChromium } from "../browsers.mjs";
import { popupWindowExpression, type DemoBrowser, type DemoTab, type LaunchOptions } from "./browser.ts";

function tab(page: Page): DemoTab {
  return {
    url: () => page.url(),
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => page.evaluate(evaluationExpression(fn, arg)) as Promise<R>,
    async screenshot(file, size) {
      await page.setViewportSize(size);
      await page.screenshot({ path: file });
    },
    clickAt: (x, y) => page.mouse.click(x, y),
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

/** Chromium's ID for an unpacked extension: the SHA-256 of its absolute path, first 32 hex digits as a–p. */
export function unpackedExtensionId(absolutePath: string): string {
  const hex = createHash("sha256").update(absolutePath).digest("hex").slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join("");
}

/** A fresh profile whose toolbar shows the extension's button (with its count) instead of hiding it in the menu. */
async function profileWithPinnedExtension(extensionDir: string): Promise<string> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), "mta-demo-chromium-"));
  await mkdir(path.join(userDataDir, "Default"));
  const pinned = { extensions: { pinned_extensions: [unpackedExtensionId(await realpath(extensionDir))] } };
  await writeFile(path.join(userDataDir, "Default", "Preferences"), JSON.stringify(pinned));
  return userDataDir;
}

export async function launchChromiumDemo(options: LaunchOptions): Promise<DemoBrowser> {
  const userDataDir = await profileWithPinnedExtension(options.extensionDir);
  const cleanUp = () => rm(userDataDir, { recursive: true, force: true });
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: options.headless,
    // Ctrl-C is ours: everything started is stopped in order, the profile folder removed.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // Headed: the window's own size; headless: a laptop-sized page.
    viewport: options.headless ? { width: 1280, height: 800 } : null,
    args: [
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      `--disable-extensions-except=${options.extensionDir}`,
      `--load-extension=${options.extensionDir}`,
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--no-default-browser-check",
      ...(options.headless ? [] : ["--window-size=1400,900"]),
    ],
  }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  let closedByUs = false;
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 20_000 }));
    const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`;
    let messenger: Page | undefined;
    const messengerPage = async () => {
      if (!messenger || messenger.isClosed()) {
        // The browser's first blank tab, if still there, becomes the extension page that sends messages.
        const blank = context.pages().find((p) => p.url() === "about:blank");
        messenger = blank ?? (await context.newPage());
        await messenger.goto(`${extensionOrigin}/popup.html`);
      }
      return messenger;
    };
    return {
      name: "Chromium",
      extensionOrigin,
      async openTab(url) {
        const page = await context.newPage();
        await page.goto(url);
        return tab(page);
      },
      async send<T extends MessageType>(type: T, payload: RequestOf<T>) {
        // As JSON text: the protocol's answers are JSON, and Firefox's remote protocol drops repeated objects.
        const text = await (await messengerPage()).evaluate(`${sendMessageExpression({ type, payload })}.then(JSON.stringify)`);
        return JSON.parse(text as string) as Result<ResponseOf<T>>;
      },
      async probeContentScript(page) {
        return JSON.parse((await (await messengerPage()).evaluate(probeExpression(page.url))) as string);
      },
      async openPopupWindow(hash) {
        await (await messengerPage()).evaluate(popupWindowExpression(`${extensionOrigin}/popup.html${hash}`));
      },
      onClosed(listener) {
        context.on("close", () => {
          if (!closedByUs) listener();
        });
      },
      async close() {
        closedByUs = true;
        await context.close().catch(() => {});
        await cleanUp();
      },
    };
  } catch (error) {
    await context.close().catch(() => {});
    await cleanUp();
    throw new Error(`Chromium started, but the extension's service worker did not: ${error}`);
  }
}
