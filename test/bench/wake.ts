/**
 * Bench for the session's wake-up, in Chromium and Firefox: the browser stops the signed-in
 * background, a message wakes it, and the background's own clock says how long after its start it
 * gave its first answer (from stored state) and had the Rust crypto open again. Each round checks the
 * background really restarted (its boot counter rose). Prints figures; asserts nothing.
 *
 *   node --import ./src/cli/register.mjs test/bench/wake.ts
 *   or: import { runWakeBench } from "./wake.ts"; const lines = await runWakeBench();
 */
import { startHomeserver } from "../homeserver/index.ts";
import { launchChromium } from "../browser/harness/chromium.ts";
import { launchFirefox } from "../browser/harness/firefox.ts";
import { waitFor, type ExtensionUnderTest } from "../browser/harness/common.ts";

const ROUNDS = 5;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const spread = (values: number[]): string =>
  `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, n=${values.length})`;

async function measure(name: string, extension: ExtensionUnderTest): Promise<string[]> {
  const server = await startHomeserver({ scenario: "demo" });
  try {
    const account = server.accounts.find((a) => a.userId === "@demo:localhost") ?? server.accounts[0]!;
    const signedIn = await extension.sendFromExtensionPage("session.signIn", {
      homeserver: server.url,
      user: account.userId,
      password: account.password,
    });
    if (!signedIn.ok) throw new Error(`sign-in failed: ${JSON.stringify(signedIn)}`);
    const firstAnswer: number[] = [];
    const cryptoReady: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const before = await extension.sendFromExtensionPage("ping", {});
      await extension.stopBackground();
      const ready = await waitFor(
        "the crypto to be open again",
        async () => {
          const answer = await extension.sendFromExtensionPage("session.status", {});
          return answer.ok && answer.value.cryptoReady ? answer.value : undefined;
        },
        { intervalMs: 20, timeoutMs: 60_000 },
      );
      const after = await extension.sendFromExtensionPage("ping", {});
      if (!before.ok || !after.ok || after.value.bootCount <= before.value.bootCount) continue; // did not restart
      if (ready.wake?.firstAnswerMs === undefined || ready.wake.cryptoReadyMs === undefined) continue;
      firstAnswer.push(ready.wake.firstAnswerMs);
      cryptoReady.push(ready.wake.cryptoReadyMs);
    }
    await extension.sendFromExtensionPage("session.signOut", {});
    return [
      `wake ${name}: background start → first answer ${spread(firstAnswer)} (goal < 50 ms)`,
      `wake ${name}: background start → crypto ready ${spread(cryptoReady)} (goal < 500 ms)`,
    ];
  } finally {
    await server.stop();
  }
}

export async function runWakeBench(): Promise<string[]> {
  const lines: string[] = [];
  const chromium = await launchChromium();
  try {
    lines.push(...(await measure("Chromium", chromium)));
  } finally {
    await chromium.close();
  }
  const firefox = await launchFirefox({ idleTimeoutMs: 1000 });
  try {
    lines.push(...(await measure("Firefox", firefox)));
  } finally {
    await firefox.close();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await runWakeBench()) console.log(line);
}
