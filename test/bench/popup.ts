/**
 * Bench for the popup, in Chromium and Firefox: the time from opening the popup to the rooms list
 * painted, for an account in 500 rooms. Everything is real: the test homeserver serves a generated
 * scenario, the extension signs in and audits it, then popup.html is opened several times and the
 * page's own mark (`ROOMS_PAINTED_MARK`, set the frame after the first rows commit) is read relative
 * to the page's navigation start. Prints figures; asserts nothing.
 *
 *   node --import ./src/cli/register.mjs test/bench/popup.ts
 *   or: import { runPopupBench } from "./popup.ts"; const lines = await runPopupBench();
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ScenarioRoom, ScenarioUser } from "../homeserver/index.ts";
import { startHomeserver, type Scenario } from "../homeserver/index.ts";
import { launchChromium } from "../browser/harness/chromium.ts";
import { launchFirefox } from "../browser/harness/firefox.ts";
import { waitFor, type ExtensionUnderTest } from "../browser/harness/common.ts";
import { signInAndAudit } from "../browser/popup.setup.ts";
import { ROOMS_PAINTED_MARK } from "../../src/popup/model/marks.ts";

const ROOMS = 500;
const PEOPLE = 24;
const OPENINGS = 7;

/** The demo account in ROOMS rooms with a pool of people in every trust situation the scenario format has. */
export function manyRoomsScenario(rooms = ROOMS): Scenario {
  const people: ScenarioUser[] = Array.from({ length: PEOPLE }, (_, i) => ({
    id: `@p${i}:localhost`,
    password: `p${i}-password`,
    displayName: `Person ${i}`,
    crossSigning: i % 6 !== 5,
    devices: [
      { id: `P${i}A`, displayName: "Laptop" },
      { id: `P${i}B`, displayName: "Phone", signedByOwner: i % 4 === 0 && i % 6 !== 5 ? false : undefined },
    ].map((d) => (d.signedByOwner === undefined ? { id: d.id, displayName: d.displayName } : d)),
  }));
  const demo: ScenarioUser = {
    id: "@demo:localhost",
    password: "demo-password",
    displayName: "Demo User",
    verified: people.filter((_, i) => i % 3 === 0 && i % 6 !== 5).map((p) => p.id),
  };
  const roomList: ScenarioRoom[] = Array.from({ length: rooms }, (_, r) => ({
    name: `Room ${String(r + 1).padStart(3, "0")}`,
    encrypted: r % 10 !== 9,
    creator: demo.id,
    members: [0, 7, 13].map((k) => people[(r + k) % PEOPLE]!.id),
  }));
  return { name: `popup-bench-${rooms}`, serverName: "localhost", users: [demo, ...people], rooms: roomList };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** The goal (issue text): popup open → rooms list painted, 500 rooms, median under 50 ms. */
const GOAL_MS = 50;

async function measure(name: string, extension: ExtensionUnderTest, rooms: number): Promise<string[]> {
  const server = await startHomeserver({ scenario: manyRoomsScenario(rooms) });
  try {
    const auditStarted = Date.now();
    await signInAndAudit(extension, server, rooms);
    const auditTime = Date.now() - auditStarted;
    const times: number[] = [];
    for (let i = 0; i < OPENINGS; i++) {
      const popup = await extension.openPopup();
      // The page's own mark, relative to its navigation start, read once the page has set it.
      const painted = await waitFor("the rooms list to be painted", () =>
        popup.evaluate((mark) => performance.getEntriesByName(mark)[0]?.startTime, ROOMS_PAINTED_MARK),
        { intervalMs: 50, timeoutMs: 30_000 },
      );
      times.push(painted);
      await popup.close();
    }
    await extension.sendFromExtensionPage("session.signOut", {});
    return [
      `popup, ${rooms} rooms (${name}): opening to rooms list painted: median ${ms(median(times))} (goal < ${GOAL_MS} ms), ` +
        `min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))} over ${OPENINGS} openings`,
      `popup, ${rooms} rooms (${name}): sign-in to first full audit: ${ms(auditTime)} (for context)`,
    ];
  } finally {
    await server.stop();
  }
}

export async function runPopupBench(rooms = ROOMS): Promise<string[]> {
  const lines: string[] = [];
  const chromium = await launchChromium();
  try {
    lines.push(...(await measure("Chromium", chromium, rooms)));
  } finally {
    await chromium.close();
  }
  const firefox = await launchFirefox();
  try {
    lines.push(...(await measure("Firefox", firefox, rooms)));
  } finally {
    await firefox.close();
  }
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const line of await runPopupBench()) console.log(line);
}
