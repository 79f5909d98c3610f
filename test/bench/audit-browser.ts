/**
 * The full audit of a large encrypted room inside Chromium's background (the built test extension,
 * real IndexedDB), to print beside the Node figure: the extension signs in to the bench room's
 * account, restores its identity with the recovery key, waits until every member's devices are
 * audited, then runs full audits on request and reads how long each took from the background's
 * own clock (`session.status` → `audit.lastFullAuditMs`), with the trust path that ran. Then the
 * Element-style loop (baseline.ts) runs inside the same worker on the same client (the test build
 * exposes it, src/background/session/bench-hooks.ts), timed by the worker's clock.
 *
 *   import { runBrowserAuditBench } from "./audit-browser.ts"; for (const l of await runBrowserAuditBench(5000)) console.log(l);
 */
import { startHomeserver } from "../homeserver/index.ts";
import { launchChromium } from "../browser/harness/chromium.ts";
import { waitFor } from "../browser/harness/common.ts";
import { BENCH_ME, ROOM_ID, benchScenario } from "./large-room.ts";
import { sequentialAudit } from "./baseline.ts";
import { BENCH_CLIENT_KEY } from "../../src/background/session/bench-hooks.ts";

const DEVICES = 3;
const RUNS = Number(process.env.BENCH_REPEATS ?? 3);

/** Per size: the extension's full audit and the Element-style loop, both medians in ms, in the background. */
export interface BrowserAuditFigures {
  members: number;
  auditMs: number;
  loopMs: number;
  line: string;
}

/** The Element-style loop inside the service worker, on the background's own client; its duration by the worker's clock. */
async function loopInWorker(chromium: Awaited<ReturnType<typeof launchChromium>>, devices: number): Promise<number> {
  const worker = chromium.context.serviceWorkers()[0];
  if (!worker) throw new Error("the background's service worker is not running");
  // An expression, not a function: the loop's source goes in as it is (the extension's CSP forbids eval inside).
  const answer = (await worker.evaluate(`(async () => {
    const sequentialAudit = ${sequentialAudit.toString()};
    const client = globalThis[${JSON.stringify(BENCH_CLIENT_KEY)}]?.();
    if (!client) throw new Error("no bench client: not a test build, or the crypto is not ready");
    const started = performance.now();
    const result = await sequentialAudit(client, ${JSON.stringify(ROOM_ID)});
    return { ms: performance.now() - started, devices: result.devices };
  })()`)) as { ms: number; devices: number };
  if (answer.devices < devices) throw new Error(`the loop saw ${answer.devices} devices, expected at least ${devices}`);
  return answer.ms;
}

export async function runBrowserAuditBench(members: number): Promise<string[]> {
  return [(await browserAuditFigures(members)).line];
}

export async function browserAuditFigures(members: number): Promise<BrowserAuditFigures> {
  const setupStart = performance.now();
  const hs = await startHomeserver({ scenario: benchScenario(members, DEVICES) });
  const account = hs.accounts.find((a) => a.userId === BENCH_ME)!;
  const chromium = await launchChromium();
  try {
    const signedIn = await chromium.sendFromExtensionPage("session.signIn", { homeserver: hs.url, user: BENCH_ME, password: account.password });
    if (!signedIn.ok) throw new Error(`sign-in failed: ${JSON.stringify(signedIn)}`);
    const recovered = await chromium.sendFromExtensionPage("verification.recover", { recoveryKey: account.recoveryKey! });
    if (!recovered.ok) throw new Error(`recovery failed: ${JSON.stringify(recovered)}`);
    const expectedDevices = members * DEVICES;
    const report = async () => {
      const answer = await chromium.sendFromExtensionPage("audit.report", {});
      return answer.ok ? answer.value : null;
    };
    const complete = async () => {
      const r = await report();
      const room = r?.rooms.find((x) => x.roomId === ROOM_ID);
      const devices = room?.members.filter((m) => m.userId !== BENCH_ME).reduce((n, m) => n + m.devices.length, 0);
      return room && room.members.length === members + 1 && devices === expectedDevices && r!.account.ownIdentityTrusted ? r! : undefined;
    };
    let last = await waitFor(`every member's devices audited in the background (${members} members)`, complete, { intervalMs: 2000, timeoutMs: 60 * 60_000 });
    const setupS = (performance.now() - setupStart) / 1000;
    const durations: number[] = [];
    let path = "none";
    for (let i = 0; i < RUNS; i++) {
      const started = await chromium.sendFromExtensionPage("audit.run", {});
      if (!started.ok || !started.value.started) throw new Error(`audit.run: ${JSON.stringify(started)}`);
      const previous = last.generatedAt;
      last = await waitFor("the requested full audit's report", async () => {
        const r = await complete();
        return r && r.generatedAt > previous ? r : undefined;
      }, { intervalMs: 200, timeoutMs: 30 * 60_000 });
      const status = await chromium.sendFromExtensionPage("session.status", {});
      if (!status.ok || status.value.audit?.lastFullAuditMs === undefined) throw new Error(`no audit diagnostics: ${JSON.stringify(status)}`);
      durations.push(status.value.audit.lastFullAuditMs);
      path = status.value.audit.trustReading.path + (status.value.audit.trustReading.reason ? ` (${status.value.audit.trustReading.reason})` : "");
    }
    const loops: number[] = [];
    for (let i = 0; i < RUNS; i++) loops.push(await loopInWorker(chromium, expectedDevices));
    const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const median = medianOf(durations);
    const loop = medianOf(loops);
    await chromium.sendFromExtensionPage("session.signOut", {});
    return {
      members,
      auditMs: median,
      loopMs: loop,
      line:
        `audit in Chromium's background (real IndexedDB), ${members} members × ${DEVICES} devices: full audit ${median.toFixed(0)} ms ` +
        `(${(median / members).toFixed(2)} ms/member; runs ${durations.join(", ")} ms); Element-style loop on the same client ` +
        `${loop.toFixed(0)} ms (runs ${loops.map((l) => l.toFixed(0)).join(", ")} ms) = ${(loop / median).toFixed(2)}× the audit ` +
        `[path: ${path}; setup ${setupS.toFixed(0)} s]`,
    };
  } finally {
    await chromium.close();
    await hs.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runBrowserAuditBench(Number(process.env.BENCH_BROWSER_MEMBERS ?? 5000))) console.log(line);
}
