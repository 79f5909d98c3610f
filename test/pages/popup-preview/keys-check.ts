/** Development check of keyboard movement in the windowed rooms list (preview page; see README.md). */
import path from "node:path";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { findChromium } from "../../tools/browsers.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const report = JSON.parse(await readFile(process.argv[2]!, "utf8"));
const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 400, height: 600 } });
await page.addInitScript((data) => ((globalThis as unknown as { __PREVIEW__: unknown }).__PREVIEW__ = data), { report, history: [] });
const t0 = Date.now();
await page.goto(`file://${root}/test-output/popup/preview/index.html`);
await page.waitForSelector(".rooms-list .vrow");
console.log("preview painted rooms in", Date.now() - t0, "ms; rows in DOM:", await page.locator(".rooms-list .vrow").count());
await page.focus(".rooms-list .room-row");
for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowDown");
console.log("focused after 40 × ArrowDown:", await page.evaluate(() => (document.activeElement as HTMLElement)?.closest<HTMLElement>(".vrow")?.dataset.index));
await page.keyboard.press("End");
console.log("after End:", await page.evaluate(() => (document.activeElement as HTMLElement)?.closest<HTMLElement>(".vrow")?.dataset.index), "rows in DOM:", await page.locator(".rooms-list .vrow").count());
await page.keyboard.press("Enter");
await page.waitForSelector('[data-screen="room"]');
console.log("Enter opened:", await page.evaluate(() => document.querySelector("h1")?.textContent));
await page.keyboard.press("Escape");
await page.waitForSelector('[data-screen="overview"]');
console.log("Escape went back to the overview");
await page.screenshot({ path: `${root}/test-output/popup/keys-check.png` });
await browser.close();
