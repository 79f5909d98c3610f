/**
 * Firefox ESR (Debian's package, or FIREFOX_PATH) through puppeteer-core over WebDriver BiDi, with the
 * test build installed as a temporary add-on under a fixed moz-extension UUID.
 */
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { MessageType, RequestOf, ResponseOf } from "../../../src/protocol/messages.ts";
import type { Result } from "../../../src/protocol/result.ts";
import { findFirefox } from "../../tools/browsers.mjs";
import {
  GECKO_ID,
  evaluationExpression,
  sendMessageExpression,
  probeExpression,
  testBuildDir,
  waitFor,
  type ExtensionUnderTest,
  type PageHandle,
} from "./common.ts";

export interface FirefoxExtension extends ExtensionUnderTest {
  browserName: "firefox";
  browser: Browser;
  /** The moz-extension host, fixed at launch through the extensions.webextensions.uuids pref. */
  uuid: string;
  openExtensionPage(path?: string): Promise<PageHandle<Page>>;
  openPopup(): Promise<PageHandle<Page>>;
  openWebPage(url: string): Promise<PageHandle<Page>>;
}

export interface FirefoxOptions {
  /** An unpacked extension folder; default dist-test/firefox. */
  extensionDir?: string;
  /**
   * Sets extensions.background.idle.timeout: Firefox suspends the event page after this much idle
   * time. Leave unset to keep Firefox's default (30 s); stopBackground() does not need it.
   */
  idleTimeoutMs?: number;
  /**
   * A profile folder to use and keep (a test that restarts the browser, or scans the profile's files),
   * with the same moz-extension UUID. Firefox removes a temporary add-on when it closes; the profile is
   * told to keep its storage and UUID then, as a normal install would across restarts.
   */
  profile?: { dir: string; uuid: string };
}

function handle(page: Page, url: string): PageHandle<Page> {
  return {
    raw: page,
    url,
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => page.evaluate(evaluationExpression(fn, arg)) as Promise<R>,
    close: () => page.close(),
  };
}

export async function launchFirefox(options: FirefoxOptions = {}): Promise<FirefoxExtension> {
  const extensionDir = path.resolve(options.extensionDir ?? testBuildDir("firefox"));
  const uuid = options.profile?.uuid ?? randomUUID();
  const prefs: Record<string, unknown> = { "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: uuid }) };
  if (options.profile) {
    prefs["extensions.webextensions.keepStorageOnUninstall"] = true;
    prefs["extensions.webextensions.keepUuidOnUninstall"] = true;
  }
  if (options.idleTimeoutMs !== undefined) prefs["extensions.background.idle.timeout"] = options.idleTimeoutMs;
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: findFirefox(),
    protocol: "webDriverBiDi",
    headless: true,
    args: ["--remote-allow-system-access"],
    extraPrefsFirefox: prefs,
    ...(options.profile ? { userDataDir: options.profile.dir } : {}),
  });
  try {
    const installed = await browser.installExtension(extensionDir);
    if (installed !== GECKO_ID) throw new Error(`installed as ${installed}, expected ${GECKO_ID}`);
  } catch (error) {
    await browser.close();
    throw new Error(`Firefox started, but the extension did not install: ${error}`);
  }
  return firefoxExtension(browser, uuid);
}

/** Runs `expression` in Firefox's own (chrome) window, where the add-on manager's state is; needs --remote-allow-system-access. */
async function evaluateInChrome(browser: Browser, expression: string): Promise<unknown> {
  const connection = (browser as unknown as { connection: { send(method: string, params: object): Promise<{ result: unknown }> } }).connection;
  const tree = (await connection.send("browsingContext.getTree", { "moz:scope": "chrome" })).result as { contexts: { context: string }[] };
  const context = tree.contexts[0]?.context;
  if (!context) throw new Error("Firefox shows no chrome window to ask about the extension.");
  const answer = (await connection.send("script.evaluate", { expression, target: { context }, awaitPromise: true, resultOwnership: "none" })).result as
    { type: string; result?: { value?: unknown }; exceptionDetails?: { text?: string } };
  if (answer.type !== "success") throw new Error(`Firefox refused the chrome evaluation: ${answer.exceptionDetails?.text ?? JSON.stringify(answer)}`);
  return answer.result?.value;
}

function firefoxExtension(browser: Browser, uuid: string): FirefoxExtension {
  const origin = `moz-extension://${uuid}`;
  let messenger: Page | undefined;

  /** `goto` never resolves for moz-extension pages here, so start it and poll the document instead. */
  const openPage = async (url: string) => {
    const page = await browser.newPage();
    page.goto(url).catch(() => {
      // Settles late or never for extension pages; the poll below decides whether the page loaded.
    });
    await waitFor(`${url} to load`, () =>
      page.evaluate(`location.href === ${JSON.stringify(url)} && document.readyState === "complete"`),
    );
    return handle(page, url);
  };

  const messengerPage = async () => {
    if (!messenger || messenger.isClosed()) messenger = (await openPage(`${origin}/popup.html`)).raw;
    return messenger;
  };

  const extension: FirefoxExtension = {
    browserName: "firefox",
    browser,
    uuid,
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
    async stopBackground() {
      // What about:debugging's "Terminate background script" does; then wait until Firefox says it stopped.
      const id = JSON.stringify(GECKO_ID);
      await evaluateInChrome(
        browser,
        `(async () => { const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs"); await ExtensionParent.DebugUtils.terminateBackgroundScript(${id}); })()`,
      );
      await waitFor("Firefox to stop the event page", async () =>
        (await evaluateInChrome(browser, `WebExtensionPolicy.getByID(${id})?.extension?.backgroundState`)) === "stopped",
      );
    },
    async close() {
      await browser.close();
    },
  };
  return extension;
}
