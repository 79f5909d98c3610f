/**
 * Bench for the member-list badges, in Chromium: the time to badge 1,000 mounted tiles, and
 * the cost of a scroll step in a 10,000-member virtualized list. It measures the content script's DOM
 * work with the verdict source STUBBED (answers at once, test/pages/dom-harness.ts), so the figures are
 * the badges' own cost, not the background's. Prints figures; asserts nothing.
 *
 *   node --import ./src/cli/register.mjs test/bench/badges.ts
 *   or: import { runBadgesBench } from "./badges.ts"; const lines = await runBadgesBench();
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startPageServer } from "../pages/serve.ts";
import { people, pageRooms, stubTable, ROOM_A } from "../browser/badges/fixtures.ts";
import { launchPlainChromium, type PlainPage } from "../browser/badges/plain-browser.ts";

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const ms = (value: number): string => `${value.toFixed(2)} ms`;

/** Scrolls by `stepPx` `count` times; per step, the time until the page rendered and every microtask (badges) ran. */
function scrollSteps({ stepPx, count, startPx }: { stepPx: number; count: number; startPx: number }): Promise<number[]> {
  const yieldTask = () =>
    new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  return (async () => {
    const times: number[] = [];
    let top = startPx;
    for (let i = 0; i < count; i++) {
      top += stepPx;
      const started = performance.now();
      window.elementLike.scrollTo(top);
      await yieldTask(); // the mutation observer and the stub's answers are microtasks: all done here
      times.push(performance.now() - started);
    }
    return times;
  })();
}

/**
 * Starts the badges on mounted tiles (the stub knows every verdict at once) and measures until every
 * badge is shown (answers applied, then a frame painted). Meanwhile a long-task observer watches the
 * page's main thread: a message loop that runs between tasks, whose longest gap is the longest the page
 * could run nothing else (the browser's own "longtask" entries start at 50 ms; this sees shorter ones).
 */
async function timeToBadge(page: PlainPage, count: number): Promise<{ total: number; badged: number; longestTask: number }> {
  return page.evaluate(async (count) => {
    let longestTask = 0;
    let last = performance.now();
    let watching = true;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const now = performance.now();
      longestTask = Math.max(longestTask, now - last);
      last = now;
      if (watching) channel.port2.postMessage(null);
    };
    channel.port2.postMessage(null);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the observer's own start settles
    longestTask = 0;
    const started = performance.now();
    window.domHarness.start(window.benchTable);
    await window.domHarness.settled();
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const total = performance.now() - started;
    watching = false;
    const hosts = [...document.querySelectorAll<HTMLElement>("matrix-trust-badge")].filter((h) => !h.hidden);
    return { total, badged: Math.min(hosts.length, count), longestTask };
  }, count);
}

declare global {
  interface Window {
    benchTable: import("../pages/dom-harness.ts").StubTable;
  }
}

export async function runBadgesBench(): Promise<string[]> {
  const lines: string[] = [];
  const server = await startPageServer();
  const browser = await launchPlainChromium();
  try {
    // 1. 1,000 tiles mounted (a list tall enough to show them all), then the badges start.
    {
      const members = people(1000).filter((m) => m.userId && m.membership !== "invite").slice(0, 1000);
      const table = stubTable(members, [ROOM_A]);
      const page = await browser.open(`${server.origin}/current.html?listHeight=${1000 * 56}#/room/${ROOM_A}`);
      await page.addScript(`${server.origin}/dom-harness.js`);
      await page.evaluate(({ rooms, table }) => {
        window.elementLike.setRooms(rooms);
        window.benchTable = table;
      }, { rooms: pageRooms(members, [ROOM_A]), table });
      const mounted = await page.evaluate(() => document.querySelectorAll(".mx_MemberTileView").length, undefined);
      const { total, badged, longestTask } = await timeToBadge(page, mounted);
      lines.push(
        `badges: ${mounted} mounted tiles, every verdict known at once (stubbed): all ${badged} badges shown after ${ms(total)} (goal < 100 ms); ` +
          `longest main-thread task meanwhile ${ms(longestTask)} (goal ≤ 16 ms)`,
      );
    }
    // 2. A 10,000-member virtualized list: scroll steps without and with the badges.
    const members = people(10_000);
    const table = stubTable(members, [ROOM_A]);
    const rooms = pageRooms(members, [ROOM_A]);
    for (const [label, stepPx] of [["one row (56 px)", 56], ["one screen (640 px)", 640]] as const) {
      const perStep: Record<string, number> = {};
      for (const withBadges of [false, true]) {
        const page = await browser.open(`${server.origin}/current.html#/room/${ROOM_A}`);
        await page.addScript(`${server.origin}/dom-harness.js`);
        await page.evaluate(({ rooms, table, withBadges }) => {
          window.elementLike.setRooms(rooms);
          if (withBadges) window.domHarness.start(table);
        }, { rooms, table, withBadges });
        await page.evaluate(() => window.domHarness.settled(), undefined);
        await page.evaluate(scrollSteps, { stepPx, count: 20, startPx: 0 }); // warm-up
        const times = await page.evaluate(scrollSteps, { stepPx, count: 200, startPx: 20 * stepPx });
        perStep[withBadges ? "with" : "without"] = median(times);
      }
      lines.push(
        `badges: scroll step of ${label} in a 10,000-member list: ${ms(perStep.with!)} with badges, ` +
          `${ms(perStep.without!)} without (badges add ${ms(perStep.with! - perStep.without!)}; median of 200)`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const line of await runBadgesBench()) console.log(line);
}
