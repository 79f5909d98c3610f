/**
 * What both browser harnesses share: where the test build is, the shape of an extension under test,
 * and polling (the browsers report readiness through the DOM, so tests wait for it).
 */
import { existsSync, readFileSync } from "node:fs";
import { waitFor as waitForValue } from "../../helpers/wait-for.ts";
import { fileURLToPath } from "node:url";
import type { MessageType, RequestOf, ResponseOf } from "../../../src/protocol/messages.ts";
import type { Result } from "../../../src/protocol/result.ts";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The origins the test build lets the content script run on (`npm run build:test`). */
export const TEST_PAGE_ORIGIN = "http://127.0.0.1";

/** dist-test/<browser>: the shipped build plus the test origin for the content script. */
export function testBuildDir(browser: "chrome" | "firefox"): string {
  const dir = `${repoRoot}dist-test/${browser}`;
  if (!existsSync(`${dir}/manifest.json`))
    throw new Error(`No test build at ${dir}. Run \`npm run build:test\` first (\`npm test\` does it).`);
  return dir;
}

/** The Firefox add-on id, read from the one manifest.json. */
export const GECKO_ID: string = JSON.parse(readFileSync(`${repoRoot}manifest.json`, "utf8")).browser_specific_settings
  .gecko.id;

export { pause as sleep } from "../../helpers/wait-for.ts";

/**
 * Polls `probe` until it returns something other than undefined/false; fails naming `what` after `timeoutMs`.
 * The deadline bounds a wait, it is not a speed check. (The browser tests' argument order for
 * test/helpers/wait-for.ts's waitFor, the one implementation.)
 */
export function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 100 } = {},
): Promise<T> {
  return waitForValue(probe, what, timeoutMs, intervalMs);
}

/** A page in either browser; `raw` is the Playwright or Puppeteer page for clicks and typing. */
export interface PageHandle<Raw = unknown> {
  raw: Raw;
  url: string;
  /**
   * Runs `fn(arg)` in the page's main world and returns its (JSON-like) result. `fn` travels as source
   * text, so it may use only its argument; `arg` must be JSON.
   */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

/** A browser running the test build of the extension. */
export interface ExtensionUnderTest {
  browserName: "chromium" | "firefox";
  /** "chrome-extension://ID" or "moz-extension://UUID" (no trailing slash). */
  origin: string;
  /** Opens one of the extension's pages (e.g. "popup.html") in a new tab, once its document has loaded. */
  openExtensionPage(path?: string): Promise<PageHandle>;
  /** Opens popup.html in a new tab (same page as the toolbar popup), once its document has loaded. */
  openPopup(): Promise<PageHandle>;
  /** Opens a web page in a new tab, once its document has loaded. */
  openWebPage(url: string): Promise<PageHandle>;
  /** Sends any value as a message from an extension page of ours and returns the raw answer. */
  sendRawFromExtensionPage(message: unknown): Promise<unknown>;
  /**
   * What our content script in `page` shows (test builds only: src/content/test-probe.ts), asked from an
   * extension page through `tabs.sendMessage`, as only the extension can; null when no content script
   * answered. `settle` (default true) waits for its asks to be answered first; false reads it as it is now.
   */
  probeContentScript(page: PageHandle, options?: { settle?: boolean }): Promise<unknown>;
  /** Sends a typed message from an extension page of ours. */
  sendFromExtensionPage<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<Result<ResponseOf<T>>>;
  /**
   * Makes the browser stop the background (Chromium: CDP stops the service worker; Firefox: the event
   * page is terminated as about:debugging does, and Firefox reports it stopped). The next message has to wake it.
   */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The page-side code that sends `message` from an extension page, as an expression string
 * (a string, unlike a function, survives any transpiler helpers unchanged).
 */
export function sendMessageExpression(message: unknown): string {
  const literal = message === undefined ? "undefined" : JSON.stringify(message);
  return `(globalThis.browser ?? globalThis.chrome).runtime.sendMessage(${literal})`;
}

/**
 * The extension-page code that asks every tab's content script for the probe of `pageUrl` (see
 * probeContentScript), as JSON text (Firefox's remote protocol drops repeated objects).
 */
export function probeExpression(pageUrl: string, options: { settle?: boolean } = {}): string {
  const message = JSON.stringify({ type: "test.probe", page: pageUrl.split("#")[0], settle: options.settle ?? true });
  return `(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const tabs = await api.tabs.query({});
    const answers = await Promise.all(tabs.map((tab) => api.tabs.sendMessage(tab.id, ${message}).catch(() => undefined)));
    return JSON.stringify(answers.find((answer) => answer !== undefined && answer !== null) ?? null);
  })()`;
}

/**
 * `fn(arg)` as an expression string for a page. tsx (keepNames) wraps named inner functions in
 * `__name(...)`, which a page does not have; the wrapper supplies a do-nothing one.
 */
export function evaluationExpression<A>(fn: (arg: A) => unknown, arg: A): string {
  const literal = arg === undefined ? "undefined" : JSON.stringify(arg);
  return `(() => { const __name = (f) => f; return (${fn.toString()})(${literal}); })()`;
}
