/** Firefox ESR (Debian's package or FIREFOX_PATH) through puppeteer-core over WebDriver BiDi, add-on installed. */
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { randomUUID } from "node:crypto";
import type { MessageType, RequestOf, ResponseOf } from "../../../src/protocol/messages.ts";
import type { Result } from "../../../src/protocol/result.ts";
import { evaluationExpression, GECKO_ID, sendMessageExpression, probeExpression, waitFor } from "../../browser/harness/common.ts";
import { findFirefox } from "../browsers.mjs";
import { popupWindowExpression, type DemoBrowser, type DemoTab, type LaunchOptions } from "./browser.ts";

function tab(page: Page): DemoTab {
  return {
    url: () => page.url(),
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => page.evaluate(evaluationExpression(fn, arg)) as Promise<R>,
    async screenshot(file, size) {
      await page.setViewport(size);
      await page.screenshot({ path: file });
    },
    clickAt: (x, y) => page.mouse.click(x, y),
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

/** `goto` may never settle for moz-extension pages, so start it and poll the document instead. */
async function open(page: Page, url: string): Promise<void> {
  page.goto(url).catch(() => {
    // Settles late or never for extension pages; the poll below decides whether the page loaded.
  });
  await waitFor(`${url} to load`, () => page.evaluate(`location.href === ${JSON.stringify(url)} && document.readyState === "complete"`));
}

export async function launchFirefoxDemo(options: LaunchOptions): Promise<DemoBrowser> {
  const uuid = randomUUID();
  const browser: Browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: findFirefox(),
    protocol: "webDriverBiDi",
    headless: options.headless,
    // Ctrl-C is ours: everything started is stopped in order.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    defaultViewport: options.headless ? { width: 1280, height: 800 } : null,
    args: ["--remote-allow-system-access", ...(options.headless ? [] : ["--width=1400", "--height=900"])],
    extraPrefsFirefox: { "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: uuid }) },
  });
  let closedByUs = false;
  try {
    const installed = await browser.installExtension(options.extensionDir);
    if (installed !== GECKO_ID) throw new Error(`installed as ${installed}, expected ${GECKO_ID}`);
  } catch (error) {
    await browser.close();
    throw new Error(`Firefox started, but the extension did not install: ${error}`);
  }
  const extensionOrigin = `moz-extension://${uuid}`;
  let messenger: Page | undefined;
  const messengerPage = async () => {
    if (!messenger || messenger.isClosed()) {
      const blank = (await browser.pages()).find((p) => p.url() === "about:blank");
      messenger = blank ?? (await browser.newPage());
      await open(messenger, `${extensionOrigin}/popup.html`);
    }
    return messenger;
  };
  return {
    name: "Firefox",
    extensionOrigin,
    async openTab(url) {
      const page = await browser.newPage();
      await open(page, url);
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
      browser.on("disconnected", () => {
        if (!closedByUs) listener();
      });
    },
    async close() {
      closedByUs = true;
      await browser.close().catch(() => {});
    },
  };
}
