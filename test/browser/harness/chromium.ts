/**
 * Chromium (Debian's package, or CHROME_PATH) through playwright-core, with the test build loaded
 * as an unpacked extension in a fresh profile.
 */
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MessageType, RequestOf, ResponseOf } from "../../../src/protocol/messages.ts";
import type { Result } from "../../../src/protocol/result.ts";
import { findChromium } from "../../tools/browsers.mjs";
import { evaluationExpression, sendMessageExpression, probeExpression, testBuildDir, waitFor, type ExtensionUnderTest, type PageHandle } from "./common.ts";

export interface ChromiumExtension extends ExtensionUnderTest {
  browserName: "chromium";
  context: BrowserContext;
  /** The host of the service worker's URL. */
  extensionId: string;
  openExtensionPage(path?: string): Promise<PageHandle<Page>>;
  openPopup(): Promise<PageHandle<Page>>;
  openWebPage(url: string): Promise<PageHandle<Page>>;
  /**
   * Sends a message from our content script's isolated world in `page` (found through CDP), so tests
   * can check what the background lets a content script ask. The content script must run on that page.
   */
  sendFromContentScript(page: PageHandle<Page>, message: unknown): Promise<unknown>;
}

export interface ChromiumOptions {
  /** An unpacked extension folder; default dist-test/chrome. */
  extensionDir?: string;
  /** A profile folder to use and keep (an upgrade test reopens it); default a fresh one, removed at close. */
  userDataDir?: string;
  /** More command-line switches (the account bench adds a DevTools port to read the background's heap). */
  args?: string[];
}

function handle(page: Page): PageHandle<Page> {
  return {
    raw: page,
    get url() {
      return page.url();
    },
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => page.evaluate(evaluationExpression(fn, arg)) as Promise<R>,
    close: () => page.close(),
  };
}

export async function launchChromium(options: ChromiumOptions = {}): Promise<ChromiumExtension> {
  const extensionDir = path.resolve(options.extensionDir ?? testBuildDir("chrome"));
  const keepProfile = options.userDataDir !== undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(path.join(tmpdir(), "mta-chromium-")));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: [
      "--no-sandbox",
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...(options.args ?? []),
    ],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 20_000 }));
    const extensionId = new URL(worker.url()).host;
    return chromiumExtension(context, extensionId, keepProfile ? null : userDataDir);
  } catch (error) {
    await context.close();
    if (!keepProfile) await rm(userDataDir, { recursive: true, force: true });
    throw new Error(`Chromium started, but the extension's service worker did not: ${error}`);
  }
}

/** `userDataDir`: the profile to remove at close, or null to keep it. */
function chromiumExtension(context: BrowserContext, extensionId: string, userDataDir: string | null): ChromiumExtension {
  const origin = `chrome-extension://${extensionId}`;
  let messenger: Page | undefined;

  const openPage = async (url: string) => {
    const page = await context.newPage();
    await page.goto(url);
    return handle(page);
  };

  /** One blank extension page kept open for sending messages, so tests need not open one each time. */
  const messengerPage = async () => {
    if (!messenger || messenger.isClosed()) messenger = (await openPage(`${origin}/popup.html`)).raw;
    return messenger;
  };

  const extension: ChromiumExtension = {
    browserName: "chromium",
    context,
    extensionId,
    origin,
    openExtensionPage: (pagePath = "popup.html") => openPage(`${origin}/${pagePath}`),
    openPopup: () => openPage(`${origin}/popup.html`),
    openWebPage: openPage,
    async sendRawFromExtensionPage(message) {
      return (await messengerPage()).evaluate(sendMessageExpression(message));
    },
    async probeContentScript(page, options) {
      return JSON.parse((await (await messengerPage()).evaluate(probeExpression(page.url, options))) as string);
    },
    sendFromExtensionPage<T extends MessageType>(type: T, payload: RequestOf<T>) {
      return extension.sendRawFromExtensionPage({ type, payload }) as Promise<Result<ResponseOf<T>>>;
    },
    async sendFromContentScript(page, message) {
      const cdp = await context.newCDPSession(page.raw);
      try {
        const worlds: { id: number; origin: string; auxData?: { type?: string } }[] = [];
        cdp.on("Runtime.executionContextCreated", ({ context: world }) => worlds.push(world));
        await cdp.send("Runtime.enable"); // reports the contexts that already exist
        const world = await waitFor("our content script's isolated world", async () =>
          worlds.find((w) => w.origin === origin && w.auxData?.type === "isolated"),
        );
        const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", {
          contextId: world.id,
          expression: sendMessageExpression(message),
          awaitPromise: true,
          returnByValue: true,
        });
        if (exceptionDetails) throw new Error(`Sending from the content script threw: ${exceptionDetails.text}`);
        return result.value;
      } finally {
        await cdp.detach();
      }
    },
    async stopBackground() {
      const page = await messengerPage();
      const cdp = await context.newCDPSession(page);
      try {
        await cdp.send("ServiceWorker.enable");
        await cdp.send("ServiceWorker.stopAllWorkers");
      } finally {
        await cdp.detach();
      }
    },
    async close() {
      await context.close();
      if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
  return extension;
}
