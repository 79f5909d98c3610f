/**
 * What the member-list badge tests share: the demo scenario plus an impostor, a crowd room to scroll
 * and a room the demo account is not in; Element-like pages on 127.0.0.1 (where the test build runs
 * the content script); and probes. The verdicts come from the real background, session and audit
 * against the test homeserver: nothing here makes one up.
 */
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import type { AuditReport, RoomAudit } from "../../src/core/verdicts.ts";
import { describeBadge } from "../../src/content/words.ts";
import { projectBadges } from "../../src/background/badges/project.ts";
import type { Scenario } from "../homeserver/index.ts";
import type { PageMember } from "../pages/members.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";
import { badgeName, wrongBadges, type TileReport } from "./badges/page-checks.ts";

/** Display name "@alice:localhost": her tile must carry her own badge, never Alice's. */
export const IMPOSTOR = "@mallory:localhost";
export const CROWD_ROOM = "!crowd:localhost";
export const SECRET_ROOM = "!secret:localhost";
export const CROWD_SIZE = 60;

export function badgesScenario(): Scenario {
  const demo = JSON.parse(readFileSync(new URL("../scenarios/demo.json", import.meta.url), "utf8")) as Scenario;
  demo.name = "demo-badges";
  demo.users.push({ id: IMPOSTOR, password: "mallory-password", displayName: "@alice:localhost", crossSigning: false,
    devices: [{ id: "MALLORYDEV", displayName: "Mallory's device" }] });
  const crowd: string[] = [];
  for (let i = 0; i < CROWD_SIZE; i++) {
    const id = `@crowd${String(i).padStart(2, "0")}:localhost`;
    crowd.push(id);
    // Every third without cross-signing, so neighbouring rows differ in verdict.
    demo.users.push({ id, password: `crowd-${i}`, displayName: `Crowd ${i}`, crossSigning: i % 3 !== 0,
      devices: [{ id: `CROWD${i}`, displayName: `Crowd ${i}'s device` }] });
  }
  const falcon = demo.rooms?.find((room) => room.name === "Project Falcon");
  assert.ok(falcon, "the demo scenario has Project Falcon");
  falcon.members = [...(falcon.members ?? []), IMPOSTOR];
  demo.rooms!.push(
    { id: CROWD_ROOM, name: "Crowd", encrypted: true, creator: "@demo:localhost", members: ["@alice:localhost", "@dave:localhost", ...crowd] },
    { id: SECRET_ROOM, name: "Secret", encrypted: true, creator: "@alice:localhost", members: ["@bob:localhost"] },
  );
  return demo;
}

export function roomByName(report: AuditReport, name: string): RoomAudit {
  const room = report.rooms.find((r) => r.name === name);
  assert.ok(room, `the audit has the room ${name}`);
  return room;
}

/**
 * The room's members as Element would list them: display names as the members chose them, and a
 * rough stand-in for Element's own shield (green for verified people, red where verification was
 * violated) so a screenshot shows the badges next to it. The badges never read Element's shield.
 */
export function pageMembers(room: RoomAudit): PageMember[] {
  return room.members.map((m) => {
    const e2e = m.verdict === "verified" ? "verified" : m.verdict === "verification-violation" ? "warning" : undefined;
    return { userId: m.userId, displayName: m.displayName ?? m.userId, ...(e2e ? { e2e } : {}) };
  });
}

/** Whoever can ask our content script for its probe: the test harness, or the demo's browser. */
export type Prober = Pick<ExtensionUnderTest, "probeContentScript">;

/** What the content script reports about the page (src/content/test-probe.ts). */
export interface ContentProbe {
  gateOpen: boolean;
  /** The Element user the gate's last answer was about. */
  gateAnsweredFor: string | null;
  room: string | null;
  tiles: TileReport[];
  userInfo: unknown[];
  sizes: { badges: number; waitingTiles: number; indexedTiles: number; shownUsers: number; knownVerdicts: number; wantedUsers: number; asks: number; queuedAsks: number };
}

/** Asks our content script in `page`, through an extension page, what it shows (waits for its asks unless `settle` is false). */
export async function probe(extension: Prober, page: PageHandle, settle = true): Promise<ContentProbe> {
  const answer = (await extension.probeContentScript(page, { settle })) as ContentProbe | null;
  if (!answer) throw new Error("our content script did not answer the probe");
  return answer;
}

/** The page's tiles and the badges the browser draws on them, read through the extension's own world. */
export async function readTilesOf(extension: Prober, page: PageHandle, settle = true): Promise<TileReport[]> {
  return (await probe(extension, page, settle)).tiles;
}

/** What the badge of each member must say, from the audit's report for that room: its accessible name. */
export function expectedBadges(room: RoomAudit): Map<string, string> {
  const { members } = projectBadges(room, room.members.map((m) => m.userId));
  return new Map(members.map((b) => [b.userId, badgeName(b.userId, describeBadge(b).label)]));
}

/** Waits until every tile on the page shows exactly the badge the report says for its member, drawn. */
export async function waitForBadgesOf(extension: Prober, page: PageHandle, room: RoomAudit, what: string): Promise<TileReport[]> {
  const expected = expectedBadges(room);
  let last: TileReport[] = [];
  try {
    return await waitFor(what, async () => {
      last = await readTilesOf(extension, page);
      if (last.length === 0) return undefined;
      const allRight = wrongBadges(last).length === 0 && last.every((t) => {
        if (t.tileUser === null) return t.badges.length === 0;
        return t.badges.length === 1 && t.badges[0]!.rendered && t.badges[0]!.name === expected.get(t.tileUser);
      });
      return allRight ? last : undefined;
    }, { timeoutMs: 30_000, intervalMs: 200 });
  } catch (error) {
    throw new Error(`${(error as Error).message}\nexpected ${JSON.stringify([...expected])}\nshown ${JSON.stringify(last)}`);
  }
}

/** The badge's accessible name on a tile, or undefined. */
export const nameOn = (tiles: TileReport[], userId: string): string | undefined => tiles.find((t) => t.tileUser === userId)?.badges[0]?.name;

let pagesOpened = 0;

/**
 * Opens an Element-like page on the room, signed in to "Element" as `signedInAs` (the demo account unless
 * said otherwise; null: signed out), and gives it the room's members (as Element loads them after start).
 * Each page gets its own address (a query), so the probe finds its tab.
 */
export async function showRoom<P extends PageHandle>(
  extension: ExtensionUnderTest & { openWebPage(url: string): Promise<P> },
  pagesOrigin: string,
  layout: "current" | "legacy",
  hashRoom: string,
  rooms: Record<string, PageMember[]>,
  aliases: Record<string, string> = {},
  signedInAs: string | null = DEMO_USER,
  /** Whether the content script's gate should open (the extension's account) or stay shut. */
  gate: "open" | "shut" = signedInAs === null ? "shut" : "open",
): Promise<P> {
  const page = (await extension.openWebPage(`${pagesOrigin}/${layout}.html?tab=${++pagesOpened}#/room/${hashRoom}`)) as P;
  await waitFor("the test page", () => page.evaluate(() => document.body.dataset.pageReady === "true", undefined));
  await page.evaluate((user) => window.elementLike.signIn(user), signedInAs);
  // The content script reads Element's user at once and every second: wait until its gate says so.
  const wanted = gate === "open";
  await waitFor(`the content script's gate to ${wanted ? "open" : "stay shut"} for ${signedInAs}`, async () => {
    const seen = await probe(extension, page);
    return seen.gateAnsweredFor === signedInAs && seen.gateOpen === wanted;
  });
  await page.evaluate(({ rooms, aliases }) => window.elementLike.setRooms(rooms, aliases), { rooms, aliases });
  return page;
}

export const DEMO_USER = "@demo:localhost";
