// `npm start` (until the demo lands): build, then open a visible Chromium with the extension loaded
// in a fresh profile. Needs a display; without one it says how to load the build by hand instead.
import { spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { locateBrowser } from "./browsers.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const built = spawnSync(process.execPath, ["build.mjs"], { cwd: root, stdio: "inherit" });
if (built.status !== 0) process.exit(built.status ?? 1);

const extensionDir = path.join(root, "dist", "chrome");
const howToLoad =
  `The extension is built in ${path.join(root, "dist")}:\n` +
  `  Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked → ${extensionDir}\n` +
  `  Firefox: about:debugging#/runtime/this-firefox → Load Temporary Add-on → ${path.join(root, "dist", "firefox", "manifest.json")}`;

if (process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error(`\nnpm start needs a display to show the browser, and none is set (DISPLAY / WAYLAND_DISPLAY).\n${howToLoad}`);
  process.exit(1);
}
const found = locateBrowser("chromium");
if ("error" in found) {
  console.error(`\n${found.error}\n${howToLoad}`);
  process.exit(1);
}

const context = await chromium.launchPersistentContext(await mkdtemp(path.join(tmpdir(), "mta-start-")), {
  executablePath: found.path,
  headless: false,
  viewport: null,
  args: [
    ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    "--no-first-run",
  ],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
console.log("Chromium is open with Matrix Trust Auditor loaded (its popup is in the first tab). Close the browser to stop.");
context.on("close", () => process.exit(0));
