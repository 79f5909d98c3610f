// Renders icons/icon.svg to the PNG sizes the manifest names, with the installed Chromium.
// Run after editing the SVG: `node test/tools/render-icons.mjs`, then commit icons/*.png.
import { chromium } from "playwright-core";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { findChromium } from "./browsers.mjs";

const SIZES = [16, 32, 48, 128];
const iconsDir = fileURLToPath(new URL("../../icons/", import.meta.url));

const svg = await readFile(`${iconsDir}icon.svg`, "utf8");
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
const browser = await chromium.launch({
  executablePath: findChromium(),
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.waitForFunction(() => document.images[0]?.complete === true);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await writeFile(`${iconsDir}icon-${size}.png`, png);
    console.log(`icons/icon-${size}.png  ${png.length} bytes`);
    await page.close();
  }
} finally {
  await browser.close();
}
