/**
 * A browser WITHOUT the extension, for the badges' DOM-mechanics tests and bench: the badge logic is
 * loaded into the test page itself (test/pages/dom-harness.ts) with a stubbed verdict source.
 */
import { chromium } from "playwright-core";
import puppeteer from "puppeteer-core";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findChromium, findFirefox } from "../../tools/browsers.mjs";
import { evaluationExpression } from "../harness/common.ts";

/** A node of the browser's accessibility tree, as a screen reader gets it. */
export interface AxNode {
  role: string;
  name: string;
  focused: boolean;
}

export interface PlainPage {
  /** The driver's page (Playwright's in Chromium, Puppeteer's in Firefox), for what only one browser can do. */
  raw: unknown;
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Adds a script from the page's server, e.g. "/dom-harness.js". */
  addScript(url: string): Promise<void>;
  screenshot(file: string): Promise<void>;
  /** A real mouse click at the centre of the first element matching `selector`. */
  click(selector: string): Promise<void>;
  /** A real key press (e.g. "Tab"). */
  press(key: string): Promise<void>;
  /**
   * The browser's accessibility tree, flattened (Chromium, through CDP); null in Firefox, whose tree
   * WebDriver BiDi does not expose.
   */
  accessibilityTree(): Promise<AxNode[] | null>;
}

export interface PlainBrowser {
  name: "chromium" | "firefox";
  open(url: string): Promise<PlainPage>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export async function launchPlainChromium(): Promise<PlainBrowser> {
  const dir = await mkdtemp(path.join(tmpdir(), "mta-badges-chromium-"));
  const context = await chromium.launchPersistentContext(dir, { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS,
    viewport: { width: 900, height: 760 } });
  return {
    name: "chromium",
    async open(url) {
      const page = await context.newPage();
      await page.goto(url);
      return {
        raw: page,
        evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => page.evaluate(evaluationExpression(fn, arg)) as Promise<R>,
        addScript: async (src) => void (await page.addScriptTag({ url: src })),
        screenshot: async (file) => void (await page.screenshot({ path: file })),
        click: (selector) => page.click(selector),
        press: (key) => page.keyboard.press(key),
        async accessibilityTree() {
          const cdp = await context.newCDPSession(page);
          try {
            const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as {
              nodes: { ignored: boolean; role?: { value?: unknown }; name?: { value?: unknown }; properties?: { name: string; value: { value?: unknown } }[] }[];
            };
            return nodes.filter((n) => !n.ignored).map((n) => ({ role: String(n.role?.value ?? ""), name: String(n.name?.value ?? ""),
              focused: n.properties?.some((p) => p.name === "focused" && p.value.value === true) ?? false }));
          } finally {
            await cdp.detach();
          }
        },
      };
    },
    async close() {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function launchPlainFirefox(): Promise<PlainBrowser> {
  const browser = await puppeteer.launch({ browser: "firefox", executablePath: findFirefox(), protocol: "webDriverBiDi", headless: true });
  return {
    name: "firefox",
    async open(url) {
      const page = await browser.newPage();
      await page.setViewport({ width: 900, height: 760 });
      await page.goto(url);
      return {
        raw: page,
        evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => page.evaluate(evaluationExpression(fn, arg)) as Promise<R>,
        addScript: async (src) => void (await page.addScriptTag({ url: src })),
        screenshot: async (file) => void (await page.screenshot({ path: file as `${string}.png` })),
        click: (selector) => page.click(selector),
        press: (key) => page.keyboard.press(key as never),
        accessibilityTree: async () => null,
      };
    },
    close: () => browser.close(),
  };
}
