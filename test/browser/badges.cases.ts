/**
 * Trust badges on Element's member list, against the real stack: the extension's background signed in
 * to the test homeserver's demo scenario, its audit, and the content script on Element-like pages.
 * Each browser's test file runs these cases; the Chromium one adds messages sent from the content script.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { AuditReport } from "../../src/core/verdicts.ts";
import { startHomeserver, type Homeserver } from "../homeserver/index.ts";
import { startPageServer, type PageServer } from "../pages/serve.ts";
import { signInAndAudit, waitForReport } from "./popup.setup.ts";
import { wrongBadges } from "./badges/page-checks.ts";
import {
  badgesScenario,
  CROWD_ROOM,
  IMPOSTOR,
  pageMembers,
  readTilesOf,
  roomByName,
  SECRET_ROOM,
  showRoom,
  waitForBadgesOf,
} from "./badges.setup.ts";
import { sleep, waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";

export interface BadgeSuite {
  extension: ExtensionUnderTest;
  server: Homeserver;
  pages: PageServer;
  report: AuditReport;
}

export function badgeCases(browserName: string, launch: () => Promise<ExtensionUnderTest>, extra?: (suite: () => BadgeSuite) => void): void {
  describe(`member-list badges against the demo scenario, in ${browserName}`, () => {
    const suite = {} as BadgeSuite;
    before(async () => {
      suite.server = await startHomeserver({ scenario: badgesScenario() });
      suite.pages = await startPageServer();
      suite.extension = await launch();
      const rooms = badgesScenario().rooms!.length - 1; // all but the secret room
      await signInAndAudit(suite.extension, suite.server, rooms);
      // The demo account's identity, restored with its recovery key: only then can Alice and Bob show verified.
      const account = suite.server.accounts.find((a) => a.userId === "@demo:localhost")!;
      const recovered = await suite.extension.sendFromExtensionPage("verification.recover", { recoveryKey: account.recoveryKey! });
      assert.ok(recovered.ok, `recovery failed: ${JSON.stringify(recovered)}`);
      suite.report = await waitForReport(suite.extension, "the audit to trust the demo account's identity", (report) =>
        report.rooms.length === rooms && report.account.ownIdentityTrusted &&
        roomByName(report, "Project Falcon").members.some((m) => m.userId === "@alice:localhost" && m.verdict === "verified"), 60_000);
    });
    after(async () => {
      await suite.extension?.close();
      await suite.pages?.close();
      await suite.server?.stop();
    });

    const open = (layout: "current" | "legacy", hashRoom: string, rooms: Record<string, ReturnType<typeof pageMembers>>, aliases?: Record<string, string>) =>
      showRoom((url) => suite.extension.openWebPage(url), suite.pages.origin, layout, hashRoom, rooms, aliases);

    test("badges show each member's verdict and findings from the audit; an impostor named after Alice gets her own", async () => {
      const falcon = roomByName(suite.report, "Project Falcon");
      const page = await open("current", falcon.roomId, { [falcon.roomId]: pageMembers(falcon) });
      try {
        const tiles = await waitForBadgesOf(page, falcon, "badges for Project Falcon");
        const badgeOf = (userId: string) => tiles.find((t) => t.tileUser === userId)?.badges[0];
        // The demo's known facts: Alice and Bob verified by the demo account; Mallory has no identity.
        assert.equal(badgeOf("@alice:localhost")?.verdict, "verified");
        assert.equal(badgeOf("@bob:localhost")?.verdict, "verified");
        assert.equal(badgeOf(IMPOSTOR)?.userId, IMPOSTOR);
        assert.equal(badgeOf(IMPOSTOR)?.verdict, "no-cross-signing");
        const names = await page.evaluate(() => [...document.querySelectorAll(".mx_MemberTileView")].map((t) => t.getAttribute("aria-label")), undefined);
        assert.ok(names.includes("@alice:localhost"), "Mallory's tile is named @alice:localhost");
        mkdirSync("test-output", { recursive: true });
        await screenshot(page, `test-output/badges-${suite.extension.browserName}.png`);
      } finally {
        await page.close();
      }
    });

    test("a room opened by its alias is resolved by the background; Dave's unsigned device and Erin's missing identity show", async () => {
      const ops = roomByName(suite.report, "Ops");
      const page = await open("current", "#ops:localhost", { [ops.roomId]: pageMembers(ops) }, { "#ops:localhost": ops.roomId });
      try {
        const tiles = await waitForBadgesOf(page, ops, "badges for Ops opened by alias");
        const badgeOf = (userId: string) => tiles.find((t) => t.tileUser === userId)?.badges[0];
        assert.match(badgeOf("@dave:localhost")?.label ?? "", /1 unsigned device/);
        assert.equal(badgeOf("@erin:localhost")?.verdict, "no-cross-signing");
        mkdirSync("test-output", { recursive: true });
        await screenshot(page, `test-output/badges-ops-${suite.extension.browserName}.png`);
      } finally {
        await page.close();
      }
    });

    test("scrolling the recycling list of a 60-member room never leaves a badge on a row now showing someone else", async () => {
      const crowd = suite.report.rooms.find((r) => r.roomId === CROWD_ROOM);
      assert.ok(crowd, "the audit has the crowd room");
      const page = await open("current", CROWD_ROOM, { [CROWD_ROOM]: pageMembers(crowd) });
      try {
        await page.evaluate(() => {
          // A short list, so 60 members need scrolling and rows are recycled.
          const scroller = document.querySelector<HTMLElement>("[data-virtuoso-scroller]")!;
          scroller.style.height = "240px";
          window.elementLike.scrollTo(0);
        }, undefined);
        await waitForBadgesOf(page, crowd, "badges at the top of the crowd");
        for (const top of [56, 300, 1500, 2900, 700, 3400, 0, 2000]) {
          const rightAfter = await page.evaluate(async (top) => {
            window.elementLike.scrollTo(top);
            await Promise.resolve();
            return [...document.querySelectorAll(".mx_MemberTileView")].map((tile) => ({
              tileUser: tile.querySelector(".mx_BaseAvatar[title]")?.getAttribute("title") ?? null,
              badges: [...tile.querySelectorAll<HTMLElement>("matrix-trust-badge")].filter((h) => !h.hidden)
                .map((h) => ({ userId: h.dataset.userId ?? "", verdict: h.dataset.verdict ?? "", label: h.dataset.label ?? "" })),
            }));
          }, top);
          assert.deepEqual(wrongBadges(rightAfter), [], `right after scrolling to ${top}`);
          await waitForBadgesOf(page, crowd, `badges after scrolling to ${top}`);
        }
        const users = new Set((await readTilesOf(page)).map((t) => t.tileUser));
        assert.ok(users.size > 10, `tiles mounted at the end: ${users.size}`);
      } finally {
        await page.close();
      }
    });

    test("switching rooms through the hash re-badges from the new room; a room the account is not in gets no badge", async () => {
      const falcon = roomByName(suite.report, "Project Falcon");
      const family = roomByName(suite.report, "Family");
      const secretMembers = [{ userId: "@alice:localhost", displayName: "Alice Verified" }, { userId: "@bob:localhost", displayName: "Bob" }];
      const page = await open("current", falcon.roomId, {
        [falcon.roomId]: pageMembers(falcon),
        [family.roomId]: pageMembers(family),
        [SECRET_ROOM]: secretMembers,
      });
      try {
        await waitForBadgesOf(page, falcon, "badges for Project Falcon");
        await page.evaluate((room) => void (location.hash = `#/room/${room}`), family.roomId);
        await waitForBadgesOf(page, family, "badges for Family after the hash changed");
        // The page asks for a room the demo account is not in: the background refuses, nothing shows.
        await page.evaluate((room) => void (location.hash = `#/room/${room}`), SECRET_ROOM);
        await waitFor("the secret room's tiles", async () => (await readTilesOf(page)).some((t) => t.tileUser === "@bob:localhost"));
        await sleep(1500); // give a wrong answer the time to arrive; none may
        const tiles = await readTilesOf(page);
        assert.deepEqual(tiles.flatMap((t) => t.badges), [], "no badge in a room the account is not in");
      } finally {
        await page.close();
      }
    });

    test("the legacy member list is badged from the same verdicts", async () => {
      const ops = roomByName(suite.report, "Ops");
      const page = await open("legacy", ops.roomId, { [ops.roomId]: pageMembers(ops) });
      try {
        await waitForBadgesOf(page, ops, "badges on the legacy list");
      } finally {
        await page.close();
      }
    });

    test("a live change on the homeserver (Alice adds an unsigned device) updates her badge", async () => {
      const falcon = roomByName(suite.report, "Project Falcon");
      const page = await open("current", falcon.roomId, { [falcon.roomId]: pageMembers(falcon) });
      try {
        const before = await waitForBadgesOf(page, falcon, "badges before the change");
        const aliceBefore = before.find((t) => t.tileUser === "@alice:localhost")?.badges[0]?.label;
        await suite.server.applyStep("add-device");
        const changed = await waitForReport(suite.extension, "the audit to see Alice's new device", (report) =>
          roomByName(report, "Project Falcon").findings.some((f) => f.userId === "@alice:localhost" && f.deviceId === "ALICENEW"), 60_000);
        const falconNow = roomByName(changed, "Project Falcon");
        const after = await waitForBadgesOf(page, falconNow, "Alice's badge to follow the audit");
        const aliceAfter = after.find((t) => t.tileUser === "@alice:localhost")?.badges[0]?.label;
        assert.notEqual(aliceAfter, aliceBefore, "Alice's badge changed");
        assert.match(aliceAfter ?? "", /unsigned device|New device/);
      } finally {
        await page.close();
      }
    });

    extra?.(() => suite);
  });
}

async function screenshot(page: PageHandle, file: string): Promise<void> {
  const raw = page.raw as { screenshot(options: { path: string }): Promise<unknown> };
  await raw.screenshot({ path: file });
}
