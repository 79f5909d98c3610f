// `npm run bench`: every figure the issues ask for, in one run. Prints figures; asserts nothing.
//   popup  — opening the popup to the rooms list painted, 500 rooms, Chromium and Firefox (issue 7)
//   badges — badging 1,000 tiles; a scroll step in a 10,000-member list, Chromium (issue 8)
//   wake   — a stopped background's start → first answer and → crypto ready, Chromium and Firefox (issue 4)
//   audit  — full audit vs the sequential baseline (CPU and wall, the Ed25519 floor, the trust path),
//            the one-device update, then the largest room inside Chromium's background; near the end, as
//            its 5,000-member room takes minutes
//   account — a heavy account (50,000-member room, ~290 rooms) signed in with the full sync and the lean
//            one side by side, Chromium: bytes the homeserver sent, sign-in → first complete audit,
//            background heap, IndexedDB on disk, against the goals (issue 15); takes many minutes
// The popup part loads the test build (dist-test/), so `npm run bench` runs `npm run build:test` first.
//
//   npm run bench                                 all parts
//   npm run bench -- --only=popup,badges          some parts (or BENCH_ONLY=popup,badges)
//   BENCH_SIZES=100,1000 npm run bench            smaller audit rooms (default 100,1000,5000)
//   BENCH_REPEATS=5 npm run bench                 audit runs per size (default 3)
//   BENCH_ACCOUNT_SCALE=0.1 npm run bench -- --only=account   the heavy account at a tenth (default 1)
import { availableParallelism, loadavg } from "node:os";
import { AUDIT_SIZES, runAuditBench } from "./audit.ts";
import { runPopupBench } from "./popup.ts";
import { runBadgesBench } from "./badges.ts";
import { runWakeBench } from "./wake.ts";
import { accountScale, runAccountBench } from "./account.ts";

const PARTS = {
  popup: async () => printAll(await runPopupBench()),
  badges: async () => printAll(await runBadgesBench()),
  wake: async () => printAll(await runWakeBench()),
  audit: () => runAuditBench(auditSizes(), console.log),
  account: async () => printAll(await runAccountBench(accountScale())),
} satisfies Record<string, () => Promise<void>>;
type Part = keyof typeof PARTS;

function printAll(lines: string[]): void {
  for (const line of lines) console.log(line);
}

function auditSizes(): number[] {
  const text = process.env.BENCH_SIZES;
  if (!text) return AUDIT_SIZES;
  const sizes = text.split(",").map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`BENCH_SIZES takes whole numbers separated by commas, like 100,1000; got "${text}".`);
  return sizes;
}

function chosenParts(argv: string[]): Part[] {
  let only = process.env.BENCH_ONLY;
  for (const arg of argv) {
    if (arg.startsWith("--only=")) only = arg.slice("--only=".length);
    else throw new Error(`Unknown argument ${arg}. Known: --only=${Object.keys(PARTS).join(",")}.`);
  }
  if (!only) return Object.keys(PARTS) as Part[];
  const names = only.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(n in PARTS));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(`--only takes some of ${Object.keys(PARTS).join(", ")}; got "${only}".`);
  return names as Part[];
}

let parts: Part[];
try {
  parts = chosenParts(process.argv.slice(2));
  if (parts.includes("audit")) auditSizes();
  if (parts.includes("account")) accountScale();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
// Figures scale with how busy the machine is: say so beside them.
console.log(`Bench: ${parts.join(", ")}. Load average ${loadavg().map((n) => n.toFixed(1)).join(", ")} on ${availableParallelism()} cores.`);
let failed = false;
for (const part of parts) {
  const started = performance.now();
  try {
    await PARTS[part]();
  } catch (error) {
    // One part failing (a browser that would not start) must not hide the others' figures.
    failed = true;
    console.error(`${part} bench failed: ${(error as Error).stack ?? error}`);
  }
  console.log(`[${part} bench took ${((performance.now() - started) / 1000).toFixed(0)} s]`);
}
process.exit(failed ? 1 : 0);
