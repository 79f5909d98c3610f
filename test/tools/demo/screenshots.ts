/**
 * The three pictures a headless run leaves in demo-output/: the popup's overview, a room's detail and
 * the badged member list. Each waits for what it shows to be on screen, taken from the real audit.
 */
import path from "node:path";
import type { AuditReport, RoomAudit } from "../../../src/core/verdicts.ts";
import { waitFor } from "../../browser/harness/common.ts";
import { waitForBadgesOf } from "../../browser/badges.setup.ts";
import { POPUP_SIZE, type DemoBrowser, type DemoTab } from "./browser.ts";
import type { DemoPageServer } from "./page-server.ts";

export const SCREENSHOT_FILES = ["popup-overview.png", "room-detail.png", "member-list.png"] as const;
const PAGE_SIZE = { width: 1280, height: 760 };

async function withTab<T>(tab: DemoTab, use: (tab: DemoTab) => Promise<T>): Promise<T> {
  try {
    return await use(tab);
  } finally {
    await tab.close();
  }
}

function popupUrl(browser: DemoBrowser, hash: string): string {
  return `${browser.extensionOrigin}/popup.html${hash}`;
}


export async function takeScreenshots(browser: DemoBrowser, pages: DemoPageServer, report: AuditReport, room: RoomAudit, focusUser: string, outputDir: string): Promise<string[]> {
  const [overviewFile, roomFile, membersFile] = SCREENSHOT_FILES.map((name) => path.join(outputDir, name));

  await withTab(await browser.openTab(popupUrl(browser, "#/")), async (tab) => {
    await waitFor("the popup's overview with its rooms and inbox", () =>
      tab.evaluate(() => document.querySelector('[data-screen="overview"] .rooms-list .vrow') !== null &&
        document.querySelector('[data-list="inbox"] [data-finding-id]') !== null, undefined));
    await tab.screenshot(overviewFile!, POPUP_SIZE);
  });

  const roomHash = `#/room/${encodeURIComponent(room.roomId)}/${encodeURIComponent(focusUser)}`;
  await withTab(await browser.openTab(popupUrl(browser, roomHash)), async (tab) => {
    await waitFor(`the popup's detail of ${room.name}`, () =>
      tab.evaluate(() => document.querySelector('[data-screen="room"] .member-row') !== null, undefined));
    await tab.screenshot(roomFile!, POPUP_SIZE);
  });

  await withTab(await browser.openTab(pages.roomUrl(room.roomId)), async (tab) => {
    const handle = { raw: null, url: tab.url(), evaluate: tab.evaluate, close: tab.close };
    await waitForBadgesOf(handle, roomOf(report, room.roomId), `the badges on ${room.name}'s member list`);
    await tab.screenshot(membersFile!, PAGE_SIZE);
  });
  return [overviewFile!, roomFile!, membersFile!];
}

function roomOf(report: AuditReport, roomId: string): RoomAudit {
  const room = report.rooms.find((r) => r.roomId === roomId);
  if (!room) throw new Error(`The audit has no room ${roomId}.`);
  return room;
}
