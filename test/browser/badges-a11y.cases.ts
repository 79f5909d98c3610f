/**
 * Accessibility of the member-list badges, judged by what the browser shows: layout boxes and hit-testing
 * of the detail, and where focus goes under the keyboard (read by the test probe inside the closed shadow
 * roots, and by the page's own `document.activeElement`). The badge logic runs in the Element-like page
 * with a stubbed verdict source (test/pages/dom-harness.ts): every verdict level shows. Each browser's
 * test file runs these; the Chromium one adds axe-core, the accessibility tree and contrast from pixels.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { startPageServer, type PageServer } from "../pages/serve.ts";
import { people, pageRooms, stubTable, ROOM_A } from "./badges/fixtures.ts";
import { openList } from "./badges/open-list.ts";
import { readTiles, type TileReport } from "./badges/page-checks.ts";
import type { Box } from "../../src/content/badge-probe.ts";
import type { PlainBrowser, PlainPage } from "./badges/plain-browser.ts";

export interface A11ySuite {
  browser: PlainBrowser;
  server: PageServer;
  /** A badged Element-like member list of `count` members with every verdict level. */
  openBadgedList(count?: number): Promise<PlainPage>;
}

const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The tile whose badge has focus or an open detail, with that badge. */
export function badgeWhere(tiles: TileReport[], which: (b: TileReport["badges"][number]) => boolean): { tile: TileReport; badge: TileReport["badges"][number] } | undefined {
  for (const tile of tiles) for (const badge of tile.badges) if (which(badge)) return { tile, badge };
  return undefined;
}

/** The user ID of the tile holding the page's focused element, if that element is one of our badge hosts. */
export function focusedHostOf(): string | null {
  const active = document.activeElement;
  if (active?.localName !== "matrix-trust-badge") return null;
  return active.closest(".mx_MemberTileView, .mx_EntityTile")?.querySelector(".mx_BaseAvatar[title]")?.getAttribute("title") ?? "";
}

export function badgeA11yCases(browserName: string, launch: () => Promise<PlainBrowser>, extra?: (suite: () => A11ySuite) => void): void {
  describe(`badge accessibility in ${browserName}`, () => {
    const suite = {} as A11ySuite;
    before(async () => {
      suite.server = await startPageServer();
      suite.browser = await launch();
      suite.openBadgedList = (count = 8) => {
        const members = people(count);
        return openList(suite.browser, suite.server, "current", pageRooms(members, [ROOM_A]), stubTable(members, [ROOM_A]));
      };
    });
    after(async () => {
      await suite.browser?.close();
      await suite.server?.close();
    });

    test("a badge's detail opens beside the member list, level with its row, covering no member's row (upper and lower half)", async () => {
      const page = await suite.openBadgedList(14);
      const windowHeight = await page.evaluate(() => innerHeight, undefined);
      const tiles = await page.evaluate(readTiles, undefined);
      const inWindow = tiles.filter((t) => t.badges[0]?.rendered && t.box.top >= 0 && t.box.bottom <= windowHeight);
      const upper = inWindow.find((t) => t.box.bottom < windowHeight / 2 && t.tileUser?.startsWith("@user"));
      const lower = [...inWindow].reverse().find((t) => t.box.top > windowHeight / 2 && t.tileUser?.startsWith("@user"));
      assert.ok(upper && lower, `badged rows in both halves of the window: ${JSON.stringify(inWindow.map((t) => [t.tileUser, t.box.top]))}`);
      for (const [half, row] of [["upper", upper], ["lower", lower]] as const) {
        const name = row.tileUser!.replace(/^@user(\d+):localhost$/, "User $1");
        await page.click(`.mx_MemberTileView[aria-label="${name}"] matrix-trust-badge`);
        const now = await page.evaluate(readTiles, undefined);
        const open = badgeWhere(now, (b) => b.detail !== null);
        assert.equal(open?.tile.tileUser, row.tileUser, `the ${half} row's detail is open`);
        const detail = open.badge.detail!;
        // Where the row is now: the driver may have scrolled it into view to click it.
        const rowBox = open.tile.box;
        assert.ok(detail.hit, `the ${half} row's detail is drawn on top (a click at its centre lands on it)`);
        assert.ok(detail.box.right - detail.box.left > 100 && detail.box.bottom - detail.box.top > 30, `a readable detail: ${JSON.stringify(detail.box)}`);
        assert.ok(detail.box.top < rowBox.bottom && detail.box.bottom > rowBox.top,
          `level with its row: detail ${JSON.stringify(detail.box)}, row ${JSON.stringify(rowBox)}`);
        assert.ok(detail.box.top >= 0 && detail.box.bottom <= windowHeight, `inside the window: ${JSON.stringify(detail.box)}`);
        const covered = now.filter((t) => t.tileRendered && overlap(detail.box, t.box)).map((t) => t.tileUser);
        assert.deepEqual(covered, [], `the ${half} row's detail covers no member row`);
        mkdirSync("test-output", { recursive: true });
        await page.screenshot(`test-output/badges-a11y-detail-${half}-${suite.browser.name}.png`);
        await page.press("Escape");
        const closed = await page.evaluate(readTiles, undefined);
        assert.equal(badgeWhere(closed, (b) => b.detail !== null), undefined, "Escape closed the detail");
      }
    });

    test("keyboard only: Tab reaches a badge, Enter opens its detail with focus in it, Escape closes it and gives focus back to the badge", async () => {
      const page = await suite.openBadgedList();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur(), undefined);
      let reached: string | null = null;
      const stops: string[] = [];
      for (let i = 0; i < 30 && reached === null; i++) {
        await page.press("Tab");
        reached = await page.evaluate(focusedHostOf, undefined);
        stops.push(await page.evaluate(() => document.activeElement?.localName ?? "", undefined));
      }
      assert.ok(reached, `Tab never reached a badge: ${stops.join(" → ")}`);
      const focused = badgeWhere(await page.evaluate(readTiles, undefined), (b) => b.focused);
      assert.equal(focused?.tile.tileUser, reached, "the badge's own button has focus, in the tile Tab reached");
      await page.press("Enter");
      const opened = badgeWhere(await page.evaluate(readTiles, undefined), (b) => b.detail !== null);
      assert.equal(opened?.tile.tileUser, reached, "Enter opened that badge's detail");
      assert.ok(opened.badge.detail!.hit, "the detail is drawn on top");
      assert.ok(opened.badge.detail!.focused, "focus moved into the detail");
      await page.press("Escape");
      const closed = await page.evaluate(readTiles, undefined);
      assert.equal(badgeWhere(closed, (b) => b.detail !== null), undefined, "Escape closed the detail");
      assert.equal(badgeWhere(closed, (b) => b.focused)?.tile.tileUser, reached, "focus is back on the badge");
      assert.equal(await page.evaluate(focusedHostOf, undefined), reached, "the page's focus is on that badge's host");
    });

    extra?.(() => suite);
  });
}
