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
import { waitFor, type PageHandle } from "./harness/common.ts";
import type { TileReport } from "./badges/page-checks.ts";

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

/** Reads the page's tiles (the same probe as the DOM tests; see badges/page-checks.ts). */
export function readTilesOf(page: PageHandle): Promise<TileReport[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll(".mx_MemberTileView, .mx_EntityTile")].map((tile) => ({
      tileUser: tile.querySelector(".mx_BaseAvatar[title]")?.getAttribute("title") ?? null,
      badges: [...tile.querySelectorAll<HTMLElement>("matrix-trust-badge")]
        .filter((host) => !host.hidden)
        .map((host) => ({ userId: host.dataset.userId ?? "", verdict: host.dataset.verdict ?? "", label: host.dataset.label ?? "" })),
    })), undefined);
}

/** What the badge of each member must say, from the audit's report for that room. */
export function expectedBadges(room: RoomAudit): Map<string, { verdict: string; label: string }> {
  const { members } = projectBadges(room, room.members.map((m) => m.userId));
  return new Map(members.map((b) => [b.userId, { verdict: b.verdict, label: describeBadge(b).label }]));
}

/** Waits until every tile on the page shows exactly the badge the report says for its member. */
export async function waitForBadgesOf(page: PageHandle, room: RoomAudit, what: string): Promise<TileReport[]> {
  const expected = expectedBadges(room);
  let last: TileReport[] = [];
  try {
    return await waitFor(what, async () => {
      last = await readTilesOf(page);
      if (last.length === 0) return undefined;
      const allRight = last.every((t) => {
        if (t.tileUser === null) return t.badges.length === 0;
        const want = expected.get(t.tileUser);
        return t.badges.length === 1 && t.badges[0]!.userId === t.tileUser && t.badges[0]!.verdict === want?.verdict && t.badges[0]!.label === want.label;
      });
      return allRight ? last : undefined;
    }, { timeoutMs: 30_000, intervalMs: 200 });
  } catch (error) {
    throw new Error(`${(error as Error).message}\nexpected ${JSON.stringify([...expected])}\nshown ${JSON.stringify(last)}`);
  }
}

/** Opens an Element-like page on the room and gives it the room's members (as Element loads them after start). */
export async function showRoom<P extends PageHandle>(
  openWebPage: (url: string) => Promise<P>,
  pagesOrigin: string,
  layout: "current" | "legacy",
  hashRoom: string,
  rooms: Record<string, PageMember[]>,
  aliases: Record<string, string> = {},
): Promise<P> {
  const page = await openWebPage(`${pagesOrigin}/${layout}.html#/room/${hashRoom}`);
  await waitFor("the test page and the content script", () =>
    page.evaluate(() => document.body.dataset.pageReady === "true" && document.documentElement.dataset.matrixTrustAuditor === "connected", undefined));
  await page.evaluate(({ rooms, aliases }) => window.elementLike.setRooms(rooms, aliases), { rooms, aliases });
  return page;
}
