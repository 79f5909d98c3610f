/**
 * What the composer-banner tests share: reading the banners as the browser shows them through the
 * test build's probe (an extension page asks the tab's content script; the page can neither send
 * that message nor see the answer), and signing the Element-like page in as an account the way
 * Element Web records it (its local storage).
 */
import type { RenderedBanner } from "../../src/content/composer-probe.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";

export type BannerPage = PageHandle;
export interface RawMouse {
  click(x: number, y: number): Promise<void>;
}

const probePages = new WeakMap<ExtensionUnderTest, Promise<PageHandle>>();

/** The banners on `page` (one per composer), as laid out, drawn and hit-tested, with their words. */
export async function probeBanners(extension: ExtensionUnderTest, page: PageHandle): Promise<RenderedBanner[]> {
  let probePage = probePages.get(extension);
  if (!probePage) probePages.set(extension, (probePage = extension.openExtensionPage("popup.html")));
  const target = page.url.split("#")[0]!;
  const answer = await (await probePage).evaluate(async (url) => {
    type Tabs = { query(q: object): Promise<{ id?: number }[]>; sendMessage(id: number, m: unknown): Promise<unknown> };
    const api = ((globalThis as { browser?: { tabs: Tabs } }).browser ?? (globalThis as unknown as { chrome: { tabs: Tabs } }).chrome).tabs;
    const answers = await Promise.all((await api.query({})).map((tab) =>
      tab.id === undefined ? null : api.sendMessage(tab.id, { type: "test.probe", page: url }).catch(() => null)));
    return answers.find((a) => a !== null && a !== undefined) ?? null;
  }, target);
  if (!answer || typeof answer !== "object" || !("banners" in answer)) throw new Error(`no probe answer from ${target}`);
  return (answer as { banners: RenderedBanner[] }).banners;
}

/** Signs the Element-like page in as `userId` (Element keeps it in local storage) and waits for the content script. */
export async function signInElementAs(page: PageHandle, userId: string): Promise<void> {
  await waitFor("the test page and the content script", () =>
    page.evaluate(() => document.body.dataset.pageReady === "true", undefined));
  await page.evaluate((id) => window.elementLike.signIn(id), userId);
}

/** Reloads the page (the raw Playwright or Puppeteer page: an in-page reload would cut the evaluation off). */
export async function reload(page: PageHandle): Promise<void> {
  await (page.raw as { reload(): Promise<unknown> }).reload();
}

/**
 * Makes the page prefer a dark (or light) colour scheme; false where the driver cannot (Puppeteer over
 * WebDriver BiDi has no media emulation, so Firefox's dark look is not taken here).
 */
export async function preferDark(page: PageHandle, dark: boolean): Promise<boolean> {
  const raw = page.raw as { emulateMedia?(o: { colorScheme: "dark" | "light" }): Promise<void> };
  if (!raw.emulateMedia) return false;
  await raw.emulateMedia({ colorScheme: dark ? "dark" : "light" });
  await waitFor("the colour scheme to apply", () =>
    page.evaluate((d) => matchMedia("(prefers-color-scheme: dark)").matches === d, dark));
  return true;
}
