/**
 * The store screenshots: 1280×800, the size both the Chrome Web Store and addons.mozilla.org take.
 * Each puts one of the demo's own pictures, unchanged, on a plain stage with a line saying what it
 * shows (docs/store-listing.md lists them). The browser that took the pictures lays the stage out.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { DemoBrowser } from "./browser.ts";

export const STORE_SIZE = { width: 1280, height: 800 };

const STORE_SHOTS = {
  inbox: { file: "store-1-inbox.png", caption: "What needs your attention in your encrypted rooms, most severe first" },
  room: { file: "store-2-room.png", caption: "Every member of a room, down to each device, with how far to trust it" },
  badges: { file: "store-3-badges.png", caption: "Trust badges beside each member on Element" },
} as const;
export type StoreShot = keyof typeof STORE_SHOTS;
export const STORE_FILES: readonly string[] = Object.values(STORE_SHOTS).map((shot) => shot.file);

function stage(picture: string, caption: string): string {
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<!doctype html><meta charset="utf-8"><style>
  html, body { margin: 0; width: ${STORE_SIZE.width}px; height: ${STORE_SIZE.height}px; overflow: hidden; }
  body { display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 28px;
    background: linear-gradient(160deg, #0b5b4a, #163a5f); font-family: system-ui, "DejaVu Sans", sans-serif; }
  h1 { margin: 0 60px; color: #fff; font-size: 34px; font-weight: 600; text-align: center; }
  img { max-width: 1180px; max-height: 660px; border-radius: 10px; box-shadow: 0 12px 40px rgba(0, 0, 0, 0.45); }
</style><h1>${escape(caption)}</h1><img alt="" src="data:image/png;base64,${picture}">`;
}

/** Writes a store screenshot for each given demo picture into `outputDir`; returns their paths. */
export async function shootStoreImages(browser: DemoBrowser, outputDir: string, pictures: Partial<Record<StoreShot, string>>): Promise<string[]> {
  const scratch = await mkdtemp(path.join(tmpdir(), "mta-store-"));
  const written: string[] = [];
  try {
    for (const [name, picture] of Object.entries(pictures) as [StoreShot, string][]) {
      const { file, caption } = STORE_SHOTS[name];
      const page = path.join(scratch, `${name}.html`);
      await writeFile(page, stage((await readFile(picture)).toString("base64"), caption));
      const tab = await browser.openTab(pathToFileURL(page).href);
      try {
        await tab.evaluate(() => document.querySelector("img")!.decode(), undefined);
        await tab.screenshot(path.join(outputDir, file), STORE_SIZE);
      } finally {
        await tab.close();
      }
      written.push(path.join(outputDir, file));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return written;
}
