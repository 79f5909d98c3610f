/**
 * Screenshots of every popup screen, light and dark, 400 and 360 px wide, from a report file.
 * Development only (see README.md); output in test-output/popup/.
 */
import { mkdir, readFile, writeFile, cp } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import type { AuditReport } from "../../../src/core/verdicts.ts";
import type { HistoryItem } from "../../../src/protocol/messages.ts";
import { findChromium } from "../../tools/browsers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const out = path.join(root, "test-output/popup");
const build = path.join(out, "preview");

const reportFile = process.argv[2];
if (!reportFile) throw new Error("Usage: shots.ts REPORT.json [--only=name]");
const report = JSON.parse(await readFile(reportFile, "utf8")) as AuditReport;

/** A few log entries shaped like the store's, from the report's devices: only so the history screen has rows to look at. */
function sampleHistory(): HistoryItem[] {
  const items: HistoryItem[] = [];
  let seq = 100;
  for (const room of report.rooms)
    for (const member of room.members.slice(0, 3))
      items.push({ seq: seq--, at: report.generatedAt - seq * 3_600_000, kind: "member-joined", roomId: room.roomId, userId: member.userId, detail: "" });
  return items;
}

await mkdir(build, { recursive: true });
await esbuild.build({
  entryPoints: { preview: path.join(here, "preview.tsx") },
  bundle: true,
  format: "iife",
  outdir: build,
  jsx: "automatic",
  jsxImportSource: "preact",
  logLevel: "warning",
  alias: { "webextension-polyfill": path.join(here, "browser-stub.ts") },
});
await cp(path.join(here, "index.html"), path.join(build, "index.html"));

const firstRoom = report.rooms.find((r) => r.findings.length > 0) ?? report.rooms[0]!;
const riskyMember = firstRoom.members.find((m) => m.verdict !== "me" && m.devices.length > 1) ?? firstRoom.members[0]!;
const someDevice = riskyMember.devices[0];
const screens: [string, string][] = [
  ["overview", "#/"],
  ["room", `#/room/${encodeURIComponent(firstRoom.roomId)}/${encodeURIComponent(riskyMember.userId)}`],
  ["history", "#/history"],
  ["settings", "#/settings"],
];
if (someDevice) screens.push(["verify-device", `#/verify/${encodeURIComponent(riskyMember.userId)}/${encodeURIComponent(someDevice.deviceId)}`]);

const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ["--no-sandbox", "--disable-gpu"] });
try {
  for (const scheme of ["light", "dark"] as const) {
    for (const width of [400, 360]) {
      const page = await browser.newPage({ viewport: { width, height: 600 }, colorScheme: scheme });
      await page.addInitScript((data) => {
        (globalThis as unknown as { __PREVIEW__: unknown }).__PREVIEW__ = data;
      }, { report, history: sampleHistory() });
      for (const [name, hash] of screens) {
        await page.goto(`file://${build}/index.html${hash}`);
        await page.waitForSelector(`[data-screen="${name}"]`);
        await page.waitForTimeout(150);
        await page.screenshot({ path: path.join(out, `${name}-${scheme}-${width}.png`) });
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
}
await writeFile(path.join(out, "README.txt"), `Screenshots from ${reportFile} at ${new Date().toISOString()}\n`);
console.log(`Screenshots in ${path.relative(root, out)}/`);
