/**
 * The pictures a headless run leaves in demo-output/: the popup's overview, a room's detail and the
 * badged member list with one badge's detail open — once before the live change and once after it
 * (Alice's new device), named per browser so a Firefox run does not overwrite Chromium's. Each waits
 * for what it shows to be on screen, as the real audit has it.
 */
import path from "node:path";
import type { AuditReport, RoomAudit } from "../../../src/core/verdicts.ts";
import { waitFor, type PageHandle } from "../../browser/harness/common.ts";
import { waitForBadgesOf } from "../../browser/badges.setup.ts";
import { POPUP_SIZE, type DemoBrowser, type DemoTab } from "./browser.ts";
import type { DemoPageServer } from "./page-server.ts";

export type Shot = "overview" | "room" | "members";
export type Moment = "before" | "after";
export type BrowserName = "chromium" | "firefox";

const SHOT_NAMES: Record<Shot, string> = { overview: "popup-overview", room: "room-detail", members: "member-list" };

/** A picture's file name: "popup-overview-chromium.png" after the live change, "popup-overview-before-chromium.png" before it. */
export function screenshotFile(shot: Shot, moment: Moment, browser: BrowserName): string {
  return `${SHOT_NAMES[shot]}${moment === "before" ? "-before" : ""}-${browser}.png`;
}
export const PAGE_SIZE = { width: 1024, height: 560 };

const popupUrl = (browser: DemoBrowser, hash: string) => `${browser.extensionOrigin}/popup.html${hash}`;

function asPageHandle(tab: DemoTab): PageHandle {
  return { raw: null, url: tab.url(), evaluate: tab.evaluate, close: tab.close };
}

async function shootPopup(browser: DemoBrowser, hash: string, what: string, selector: string, file: string): Promise<void> {
  const tab = await browser.openTab(popupUrl(browser, hash));
  try {
    await waitFor(what, () => tab.evaluate((css) => document.querySelector(css) !== null, selector));
    await tab.screenshot(file, POPUP_SIZE);
  } finally {
    await tab.close();
  }
}

/** The popup as the toolbar button opens it: the account, the inbox of findings, the rooms. */
export function shootOverview(browser: DemoBrowser, outputDir: string, file: string, entries: number): Promise<string> {
  const target = path.join(outputDir, file);
  // The inbox counts what the audit has at this moment (its heading says so).
  const selector = `[data-screen="overview"] [data-list="inbox"][data-count="${entries}"] [data-problem-id]`;
  return shootPopup(browser, "#/", `the popup's overview with ${entries} problems`, selector, target).then(() => target);
}

/** One room in the popup: shield, counts, its findings, then members down to each device. */
export function shootRoom(browser: DemoBrowser, room: RoomAudit, outputDir: string, file: string, entries: number): Promise<string> {
  const target = path.join(outputDir, file);
  const hash = `#/room/${encodeURIComponent(room.roomId)}`;
  const selector = `[data-screen="room"]:has([data-list="room-findings"][data-count="${entries}"]):has(.member-row)`;
  return shootPopup(browser, hash, `the popup's detail of ${room.name} with ${entries} problems`, selector, target).then(() => target);
}

/** Opens the Element-like page on `room` and waits until every member carries the badge the audit says. */
export async function openMemberList(browser: DemoBrowser, pages: DemoPageServer, room: RoomAudit): Promise<DemoTab> {
  const tab = await browser.openTab(pages.roomUrl(room.roomId));
  await waitFor("the demo page to load its rooms", () => tab.evaluate(() => document.body.dataset.demoReady === "true", undefined));
  await waitForMemberBadges(browser, tab, room, `the badges on ${room.name}'s member list`);
  return tab;
}

export function waitForMemberBadges(browser: DemoBrowser, tab: DemoTab, room: RoomAudit, what: string): Promise<unknown> {
  return waitForBadgesOf(browser, asPageHandle(tab), room, what);
}

/** The member list with `userId`'s badge clicked open, as a user would to read why. */
export async function shootMemberList(tab: DemoTab, userId: string, outputDir: string, name: string): Promise<string> {
  const file = path.join(outputDir, name);
  await tab.screenshot(file, PAGE_SIZE); // sets the size the badge's position is read at
  const centre = await tab.evaluate((user) => {
    // A badge's host is in the page only while it shows; the tile is found by Element's avatar title.
    const tile = [...document.querySelectorAll(".mx_MemberTileView")].find((t) => t.querySelector(".mx_BaseAvatar[title]")?.getAttribute("title") === user);
    const host = tile?.querySelector("matrix-trust-badge");
    const box = host?.getBoundingClientRect();
    return box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : null;
  }, userId);
  if (!centre) throw new Error(`No badge for ${userId} on the member list.`);
  await tab.clickAt(centre.x, centre.y);
  // The detail lives in the badge's closed shadow root; give the browser two frames to lay it out.
  await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))), undefined);
  await tab.screenshot(file, PAGE_SIZE);
  return file;
}

export function roomIn(report: AuditReport, roomId: string): RoomAudit {
  const room = report.rooms.find((r) => r.roomId === roomId);
  if (!room) throw new Error(`The audit has no room ${roomId}.`);
  return room;
}
