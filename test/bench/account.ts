/**
 * Bench for a heavy account (issue 15), in Chromium with the built test extension: the extension signs
 * in to the heavy-account scenario (test/scenarios/heavy-account.ts: one unencrypted room of 50,000,
 * 20 unencrypted rooms of 500–5,000, ~250 small encrypted rooms and DMs, 20 encrypted rooms of
 * 50–500, one of 5,000) once with the full sync (what the extension used before: every member of every
 * room) and once with the lean one (what it uses now), each in a fresh profile against the same test
 * homeserver, and prints side by side:
 *   - the bytes the homeserver sent (response bodies, counted by the server, sign-in → audit done);
 *   - sign-in → first complete audit (the background's report covering every joined encrypted room
 *     with all its members; its own `generatedAt`);
 *   - the background's JS heap after that audit (DevTools: garbage collected, then Runtime.getHeapUsage
 *     on the service worker);
 *   - the extension's IndexedDB on disk in the profile.
 * The mode is chosen through a test-build-only switch (src/background/session/bench-sync-mode.ts).
 * Prints figures with the goals; asserts nothing.
 *
 *   BENCH_ACCOUNT_SCALE=0.1 node --import ./src/cli/register.mjs test/bench/account.ts   (default 1)
 *   or: import { runAccountBench } from "./account.ts"; const lines = await runAccountBench(0.1);
 */
import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import type { AuditReport } from "../../src/core/verdicts.ts";
import type { SyncMode } from "../../src/background/session/sync-filter.ts";
import { BENCH_SYNC_MODE_KEY } from "../../src/background/session/bench-sync-mode.ts";
import { startHomeserver, type Homeserver, type Scenario } from "../homeserver/index.ts";
import { launchChromium, type ChromiumExtension } from "../browser/harness/chromium.ts";
import { waitFor } from "../browser/harness/common.ts";
import { HEAVY_ACCOUNT, HEAVY_ME, heavyAccountScenario, type HeavyAccountOptions } from "../scenarios/heavy-account.ts";

/** The goals (issue 15): lean against full. */
const GOALS = { bytes: 10, heap: 5, audit: 3 };

/** The heavy account with every room count and size times `scale` (small rooms keep their 2–20); 1 is the scenario as is. */
export function scaledHeavyAccount(scale: number): HeavyAccountOptions {
  if (scale === 1) return HEAVY_ACCOUNT;
  const s = (n: number) => Math.max(1, Math.round(n * scale));
  const { unencrypted, small, medium } = HEAVY_ACCOUNT;
  return {
    hugeUnencrypted: s(HEAVY_ACCOUNT.hugeUnencrypted),
    unencrypted: { count: s(unencrypted.count), min: s(unencrypted.min), max: s(unencrypted.max) },
    small: { count: s(small.count), min: small.min, max: small.max },
    medium: { count: s(medium.count), min: Math.max(2, s(medium.min)), max: Math.max(2, s(medium.max)) },
    largeEncrypted: s(HEAVY_ACCOUNT.largeEncrypted),
  };
}

/** BENCH_ACCOUNT_SCALE, checked: a number above 0 and at most 1 (default 1, the full scenario). */
export function accountScale(text = process.env.BENCH_ACCOUNT_SCALE): number {
  if (text === undefined || text === "") return 1;
  const scale = Number(text);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1)
    throw new Error(`BENCH_ACCOUNT_SCALE takes a number above 0 and at most 1, like 0.1; got "${text}".`);
  return scale;
}

interface Figures {
  mode: SyncMode;
  bytes: number;
  responses: number;
  byRoute: [string, number][];
  /** Sign-in asked → the first complete report's `generatedAt`. */
  auditMs: number;
  /** The background's own duration of that full audit (`session.status` → `audit.lastFullAuditMs`). */
  fullAuditMs: number;
  heapBytes: number;
  indexedDbBytes: number;
}

/** Every encrypted room of the scenario, with all its members (the scenario's plus this account). */
function completeAudit(scenario: Scenario): (report: AuditReport) => boolean {
  const expected = new Map((scenario.rooms ?? []).filter((r) => r.encrypted).map((r) => [r.id!, (r.members ?? []).length + 1]));
  return (report) => {
    let covered = 0;
    for (const room of report.rooms) {
      const members = expected.get(room.roomId);
      if (members === undefined) continue;
      if (!room.encrypted || room.members.length !== members) return false;
      covered++;
    }
    return covered === expected.size;
  };
}

/** Bytes of every file under `dir`. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

/** The extension's IndexedDB in a Chromium profile: Default/IndexedDB/chrome-extension_<id>_0.indexeddb.{leveldb,blob}. */
async function indexedDbBytes(profile: string, extensionId: string): Promise<number> {
  const dir = path.join(profile, "Default", "IndexedDB");
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.name.startsWith(`chrome-extension_${extensionId}_`)) continue;
    total += entry.isDirectory() ? await folderBytes(path.join(dir, entry.name)) : (await stat(path.join(dir, entry.name))).size;
  }
  return total;
}

/** The background service worker's JS heap after a garbage collection, through the DevTools port. */
async function backgroundHeap(profile: string, extension: ChromiumExtension): Promise<number> {
  const port = (await readFile(path.join(profile, "DevToolsActivePort"), "utf8")).split("\n")[0]!.trim();
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  try {
    const worker = await browser.waitForTarget((t) => t.type() === "service_worker" && t.url().startsWith(extension.origin), { timeout: 20_000 });
    const cdp = await worker.createCDPSession();
    try {
      await cdp.send("HeapProfiler.collectGarbage");
      const { usedSize } = await cdp.send("Runtime.getHeapUsage");
      return usedSize;
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  } finally {
    await browser.disconnect();
  }
}

async function measure(mode: SyncMode, hs: Homeserver): Promise<Figures> {
  const profile = await mkdtemp(path.join(tmpdir(), "mta-account-bench-"));
  const chromium = await launchChromium({ userDataDir: profile, args: ["--remote-debugging-port=0"] });
  try {
    // The test-build-only switch, read by the background when its sync starts.
    const page = await chromium.openExtensionPage("popup.html");
    await page.evaluate(
      ([key, value]) => (globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } }).chrome.storage.local.set({ [key]: value }),
      [BENCH_SYNC_MODE_KEY, mode] as const,
    );
    await page.close();
    const account = hs.accounts.find((a) => a.userId === HEAVY_ME.userId)!;
    const complete = completeAudit(hs.scenario);
    const bytesBefore = hs.traffic.bytes;
    const responsesBefore = hs.traffic.responses;
    const routesBefore = new Map([...hs.traffic.byRoute].map(([route, { bytes }]) => [route, bytes]));
    const signInAt = Date.now();
    const signedIn = await chromium.sendFromExtensionPage("session.signIn", { homeserver: hs.url, user: account.userId, password: account.password });
    if (!signedIn.ok) throw new Error(`sign-in failed: ${JSON.stringify(signedIn)}`);
    // The status is cheap to ask; the report (hundreds of rooms, thousands of members) only once a full audit ran.
    const report = await waitFor(
      `the first complete audit (${mode} sync)`,
      async () => {
        const status = await chromium.sendFromExtensionPage("session.status", {});
        if (!status.ok || status.value.audit?.lastFullAuditMs === undefined) return undefined;
        const answer = await chromium.sendFromExtensionPage("audit.report", {});
        return answer.ok && answer.value && complete(answer.value) ? answer.value : undefined;
      },
      { intervalMs: 250, timeoutMs: 90 * 60_000 },
    );
    const bytes = hs.traffic.bytes - bytesBefore;
    const responses = hs.traffic.responses - responsesBefore;
    const byRoute = [...hs.traffic.byRoute]
      .map(([route, { bytes: sent }]): [string, number] => [route, sent - (routesBefore.get(route) ?? 0)])
      .filter(([, sent]) => sent > 0)
      .sort((a, b) => b[1] - a[1]);
    const status = await chromium.sendFromExtensionPage("session.status", {});
    const fullAuditMs = (status.ok && status.value.audit?.lastFullAuditMs) || NaN;
    const heapBytes = await backgroundHeap(profile, chromium);
    const idb = await indexedDbBytes(profile, chromium.extensionId);
    await chromium.sendFromExtensionPage("session.signOut", {});
    return { mode, bytes, responses, byRoute, auditMs: report.generatedAt - signInAt, fullAuditMs, heapBytes, indexedDbBytes: idb };
  } finally {
    await chromium.close();
    await rm(profile, { recursive: true, force: true });
  }
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function row(what: string, full: number, lean: number, show: (n: number) => string, goal: { ratio: number; word: string } | null): string {
  const ratio = full / lean;
  const verdict = goal ? ` (goal ≥ ${goal.ratio}× ${goal.word}) ${ratio >= goal.ratio ? "met" : "not met"}` : " (for context; no goal)";
  return `account: ${what.padEnd(36)} full ${show(full).padStart(9)}   lean ${show(lean).padStart(9)}   ${ratio.toFixed(1)}× ${goal?.word ?? "less"}${verdict}`;
}

export async function runAccountBench(scale = accountScale()): Promise<string[]> {
  const setupStarted = performance.now();
  const scenario = heavyAccountScenario(scaledHeavyAccount(scale));
  const hs = await startHomeserver({ scenario });
  const lines: string[] = [];
  try {
    const rooms = scenario.rooms ?? [];
    const encrypted = rooms.filter((r) => r.encrypted).length;
    const largest = Math.max(...rooms.map((r) => (r.members ?? []).length + 1));
    lines.push(
      `account, scale ${scale} (BENCH_ACCOUNT_SCALE; 1 is the full scenario): ${rooms.length} rooms, ${encrypted} encrypted; ` +
        `${scenario.users.length.toLocaleString("en-US")} people; largest room ${largest.toLocaleString("en-US")} members ` +
        `[homeserver seeded in ${seconds(performance.now() - setupStarted)}]`,
    );
    const full = await measure("full", hs);
    const lean = await measure("lean", hs);
    lines.push(
      row("bytes the homeserver sent", full.bytes, lean.bytes, mb, { ratio: GOALS.bytes, word: "fewer" }),
      row("sign-in → first complete audit", full.auditMs, lean.auditMs, seconds, { ratio: GOALS.audit, word: "faster" }),
      row("background JS heap after the audit", full.heapBytes, lean.heapBytes, mb, { ratio: GOALS.heap, word: "smaller" }),
      row("IndexedDB on disk after the audit", full.indexedDbBytes, lean.indexedDbBytes, mb, null),
    );
    for (const f of [full, lean]) {
      const top = f.byRoute.slice(0, 4).map(([route, sent]) => `${route.replace(/^\/_matrix\/client\/v3/, "")} ${mb(sent)}`);
      lines.push(
        `account: ${f.mode} sync: ${f.responses.toLocaleString("en-US")} responses; most bytes: ${top.join(", ")}; ` +
          `the full audit itself took ${seconds(f.fullAuditMs)} of the ${seconds(f.auditMs)}`,
      );
    }
    return lines;
  } finally {
    await hs.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const line of await runAccountBench()) console.log(line);
}
