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
  nameOn,
  pageMembers,
  probe,
  readTilesOf,
  roomByName,
  SECRET_ROOM,
  showRoom,
  waitForBadgesOf,
} from "./badges.setup.ts";
import { USER_VERDICT_WORDS } from "../../src/core/words.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";

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

    /** A room as the audit sees it now (an earlier test changed Alice's devices). */
    const current = (name: string) => roomByName(suite.report, name);
    const open = (layout: "current" | "legacy", hashRoom: string, rooms: Record<string, ReturnType<typeof pageMembers>>, aliases?: Record<string, string>) =>
      showRoom(suite.extension, suite.pages.origin, layout, hashRoom, rooms, aliases);
    const badgesOf = (page: PageHandle, room: Parameters<typeof waitForBadgesOf>[2], what: string) => waitForBadgesOf(suite.extension, page, room, what);

    test("badges show each member's verdict and findings from the audit; an impostor named after Alice gets her own", async () => {
      const falcon = roomByName(suite.report, "Project Falcon");
      const page = await open("current", falcon.roomId, { [falcon.roomId]: pageMembers(falcon) });
      try {
        const tiles = await badgesOf(page, falcon, "badges for Project Falcon");
        // The demo's known facts: Alice and Bob verified by the demo account; Mallory has no identity.
        assert.ok(nameOn(tiles, "@alice:localhost")?.startsWith(`@alice:localhost: ${USER_VERDICT_WORDS.verified}`), nameOn(tiles, "@alice:localhost"));
        assert.ok(nameOn(tiles, "@bob:localhost")?.startsWith(`@bob:localhost: ${USER_VERDICT_WORDS.verified}`), nameOn(tiles, "@bob:localhost"));
        assert.ok(nameOn(tiles, IMPOSTOR)?.startsWith(`${IMPOSTOR}: ${USER_VERDICT_WORDS["no-cross-signing"]}`), nameOn(tiles, IMPOSTOR));
        const names = await page.evaluate(() => [...document.querySelectorAll(".mx_MemberTileView")].map((t) => t.getAttribute("aria-label")), undefined);
        assert.ok(names.includes("@alice:localhost"), "Mallory's tile is named @alice:localhost");
        mkdirSync("test-output", { recursive: true });
        await screenshot(page, `test-output/badges-${suite.extension.browserName}.png`);
      } finally {
        await page.close();
      }
    });

    test("a real click on a badge opens its detail, with focus in it, and reaches none of Element's tile listeners; Escape closes it", async () => {
      const falcon = roomByName(suite.report, "Project Falcon");
      const page = await open("current", falcon.roomId, { [falcon.roomId]: pageMembers(falcon) });
      try {
        await badgesOf(page, falcon, "badges for Project Falcon");
        const badge = `.mx_MemberTileView:has(.mx_BaseAvatar[title="@alice:localhost"]) matrix-trust-badge`;
        // The page listens on Alice's tile, as Element's row does: nothing of the click may reach it.
        await page.evaluate((selector) => {
          const tile = document.querySelector(selector)!.closest(".mx_MemberTileView")!;
          (window as unknown as { reached: string[] }).reached = [];
          for (const type of ["click", "mousedown", "mouseup", "pointerdown", "pointerup", "keydown", "keyup"]) {
            tile.addEventListener(type, () => (window as unknown as { reached: string[] }).reached.push(type));
          }
        }, badge);
        const raw = page.raw as { click(selector: string): Promise<void>; keyboard: { press(key: string): Promise<void> } };
        await raw.click(badge);
        const opened = await waitFor("Alice's detail open", async () => {
          const tile = (await readTilesOf(suite.extension, page)).find((t) => t.tileUser === "@alice:localhost");
          return tile?.badges[0]?.detail ? tile.badges[0] : undefined;
        });
        assert.ok(opened.detail!.focused, "the detail took focus");
        assert.ok(opened.detail!.hit, "the detail is drawn on top");
        assert.deepEqual(await page.evaluate(() => (window as unknown as { reached: string[] }).reached, undefined), [], "events that reached Alice's tile");
        await raw.keyboard.press("Escape");
        const closed = await waitFor("Alice's detail closed, focus back on her badge", async () => {
          const tile = (await readTilesOf(suite.extension, page)).find((t) => t.tileUser === "@alice:localhost");
          return tile?.badges[0] && !tile.badges[0].detail && tile.badges[0].focused ? tile.badges[0] : undefined;
        });
        assert.ok(closed.name.startsWith("@alice:localhost: "), closed.name);
        assert.deepEqual(await page.evaluate(() => (window as unknown as { reached: string[] }).reached, undefined), [], "events that reached Alice's tile, Escape included");
      } finally {
        await page.close();
      }
    });

    test("a room opened by its alias is resolved by the background; Dave's unsigned device and Erin's missing identity show", async () => {
      const ops = roomByName(suite.report, "Ops");
      const page = await open("current", "#ops:localhost", { [ops.roomId]: pageMembers(ops) }, { "#ops:localhost": ops.roomId });
      try {
        const tiles = await badgesOf(page, ops, "badges for Ops opened by alias");
        assert.match(nameOn(tiles, "@dave:localhost") ?? "", /1 unsigned device/);
        assert.ok(nameOn(tiles, "@erin:localhost")?.startsWith(`@erin:localhost: ${USER_VERDICT_WORDS["no-cross-signing"]}`), nameOn(tiles, "@erin:localhost"));
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
        await badgesOf(page, crowd, "badges at the top of the crowd");
        for (const top of [56, 300, 1500, 2900, 700, 3400, 0, 2000]) {
          await page.evaluate((top) => window.elementLike.scrollTo(top), top);
          // Read at once, without waiting for the content script's asks: what a user sees meanwhile.
          const rightAfter = await readTilesOf(suite.extension, page, false);
          assert.deepEqual(wrongBadges(rightAfter), [], `right after scrolling to ${top}`);
          await badgesOf(page, crowd, `badges after scrolling to ${top}`);
        }
        const users = new Set((await readTilesOf(suite.extension, page)).map((t) => t.tileUser));
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
        await badgesOf(page, falcon, "badges for Project Falcon");
        await page.evaluate((room) => void (location.hash = `#/room/${room}`), family.roomId);
        await badgesOf(page, family, "badges for Family after the hash changed");
        // The page asks for a room the demo account is not in: the background refuses, nothing shows.
        await page.evaluate((room) => void (location.hash = `#/room/${room}`), SECRET_ROOM);
        // The probe answers once the content script's asks for the secret room have been answered (refused).
        const after = await waitFor("the content script to follow the hash and hear the background's answer", async () => {
          const seen = await probe(suite.extension, page);
          return seen.room === SECRET_ROOM && seen.tiles.some((t) => t.tileUser === "@bob:localhost") ? seen : undefined;
        });
        assert.deepEqual(after.tiles.flatMap((t) => t.badges), [], "no badge in a room the account is not in");
        assert.equal(after.sizes.knownVerdicts, 0, "no verdict cached for the secret room");
      } finally {
        await page.close();
      }
    });

    test("the legacy member list is badged from the same verdicts", async () => {
      const ops = roomByName(suite.report, "Ops");
      const page = await open("legacy", ops.roomId, { [ops.roomId]: pageMembers(ops) });
      try {
        await badgesOf(page, ops, "badges on the legacy list");
      } finally {
        await page.close();
      }
    });

    test("a live change on the homeserver (Alice adds an unsigned device) updates her badge", async () => {
      const falcon = roomByName(suite.report, "Project Falcon");
      const page = await open("current", falcon.roomId, { [falcon.roomId]: pageMembers(falcon) });
      try {
        const before = await badgesOf(page, falcon, "badges before the change");
        const aliceBefore = nameOn(before, "@alice:localhost");
        await suite.server.applyStep("add-device");
        const changed = await waitForReport(suite.extension, "the audit to see Alice's new device", (report) =>
          roomByName(report, "Project Falcon").findings.some((f) => f.userId === "@alice:localhost" && f.deviceId === "ALICENEW"), 60_000);
        suite.report = changed; // the tests after this one see Alice's new device
        const falconNow = roomByName(changed, "Project Falcon");
        const after = await badgesOf(page, falconNow, "Alice's badge to follow the audit");
        const aliceAfter = nameOn(after, "@alice:localhost");
        assert.notEqual(aliceAfter, aliceBefore, "Alice's badge changed");
        assert.match(aliceAfter ?? "", /unsigned device|New device/);
      } finally {
        await page.close();
      }
    });

    test("an Element tab signed in as someone else, or signed out, gets no badges and makes no asks; signed in as the account, it does", async () => {
      const falcon = roomByName(suite.report, "Project Falcon");
      const page = await showRoom(suite.extension, suite.pages.origin, "current", falcon.roomId, { [falcon.roomId]: pageMembers(falcon) }, {}, "@alice:localhost", "shut");
      try {
        const asAlice = await waitFor("the tiles, seen by the content script", async () => {
          const seen = await probe(suite.extension, page);
          return seen.tiles.length > 3 ? seen : undefined;
        });
        assert.equal(asAlice.gateOpen, false);
        assert.deepEqual(asAlice.tiles.flatMap((t) => t.badges), [], "Alice's Element shows none of the demo account's verdicts");
        // What would make a running content script ask: another room, new tiles. Nothing is asked.
        const family = current("Family");
        await page.evaluate((rooms) => window.elementLike.setRooms(rooms), { [falcon.roomId]: pageMembers(falcon), [family.roomId]: pageMembers(family) });
        await page.evaluate((room) => void (location.hash = `#/room/${room}`), family.roomId);
        const stillAlice = await waitFor("Family's tiles", async () => {
          const seen = await probe(suite.extension, page);
          const users = new Set(seen.tiles.map((t) => t.tileUser));
          return family.members.every((m) => users.has(m.userId)) && users.size === family.members.length ? seen : undefined;
        });
        assert.equal(stillAlice.sizes.asks, asAlice.sizes.asks, "no asks for a tab of another account");
        assert.deepEqual(stillAlice.tiles.flatMap((t) => t.badges), []);
        await page.evaluate((room) => void (location.hash = `#/room/${room}`), falcon.roomId);
        await page.evaluate(() => window.elementLike.signIn("@demo:localhost"), undefined);
        await badgesOf(page, falcon, "badges once Element is signed in as the demo account");
        // Element signs out (its user ID leaves local storage): every badge and cached verdict goes.
        await page.evaluate(() => window.elementLike.signIn(null), undefined);
        const signedOut = await waitFor("the badges to go at Element's sign-out", async () => {
          const seen = await probe(suite.extension, page);
          return seen.tiles.length > 3 && seen.tiles.every((t) => t.badges.length === 0) ? seen : undefined;
        });
        assert.equal(signedOut.sizes.knownVerdicts, 0, "no cached verdict kept");
        // Another account signs in to Element in this tab: still nothing, and no ask.
        await page.evaluate(() => window.elementLike.signIn("@bob:localhost"), undefined);
        await waitFor("the gate to look at Bob's Element", async () => (await probe(suite.extension, page)).gateOpen === false);
        await page.evaluate(() => window.elementLike.scrollTo(56), undefined);
        const asBob = await probe(suite.extension, page);
        assert.equal(asBob.sizes.asks, signedOut.sizes.asks, "no asks while another account is signed in");
        assert.deepEqual(asBob.tiles.flatMap((t) => t.badges), []);
      } finally {
        await page.close();
      }
    });

    // 10,000 switches run in the DOM tests (badges-dom.cases.ts): browsers throttle real hash changes to a
    // few hundred in ten seconds. Here, as many as a page may make, against the real background.
    test("room switches through the real hash leave the ask queue bounded: no backlog, the last room badged in its turn", async () => {
      const falcon = current("Project Falcon");
      const family = current("Family");
      const ops = current("Ops");
      const page = await open("current", falcon.roomId,
        { [falcon.roomId]: pageMembers(falcon), [family.roomId]: pageMembers(family), [ops.roomId]: pageMembers(ops) }, { "#ops:localhost": ops.roomId });
      try {
        await badgesOf(page, falcon, "badges for Project Falcon");
        const before = await probe(suite.extension, page);
        const flips = await page.evaluate(async (rooms) => {
          const started = performance.now();
          for (let i = 0; i < 150; i++) {
            // Joined rooms, an alias, a room the account is not in, and aliases no one ever made.
            const room = i % 5 === 4 ? `#nowhere${i}:localhost` : rooms[i % rooms.length]!;
            location.hash = `#/room/${room}`;
            // Let the page's own hashchange handlers run now and then, as a churning page would.
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
          location.hash = `#/room/${rooms[0]}`;
          await new Promise((resolve) => setTimeout(resolve, 0));
          return { ms: performance.now() - started };
        }, [falcon.roomId, family.roomId, "#ops:localhost", SECRET_ROOM]);
        // Right after: few requests wait for a turn, whatever was flipped.
        const rightAfter = await probe(suite.extension, page, false);
        console.log(`# 150 hash flips (${suite.extension.browserName}): ${Math.round(flips.ms)} ms in the page; asks during them ` +
          `${rightAfter.sizes.asks - before.sizes.asks}; requests waiting right after: ${rightAfter.sizes.queuedAsks}`);
        assert.ok(rightAfter.sizes.queuedAsks <= 9, `requests waiting for a turn: ${rightAfter.sizes.queuedAsks}`);
        assert.ok(rightAfter.sizes.wantedUsers <= rightAfter.sizes.shownUsers, JSON.stringify(rightAfter.sizes));
        // The room the page ends on is badged in its turn, not after a backlog of 10,000 turns (2,500 s).
        await badgesOf(page, falcon, "Project Falcon's badges after the flips");
        const settled = await probe(suite.extension, page);
        assert.equal(settled.room, falcon.roomId);
        assert.ok(settled.sizes.knownVerdicts <= falcon.members.length, JSON.stringify(settled.sizes));
        const elapsed = flips.ms + 30_000; // generous: the flips plus the wait above
        assert.ok(settled.sizes.asks - before.sizes.asks <= Math.ceil(elapsed / 250) + 2, `asks paced: ${settled.sizes.asks - before.sizes.asks}`);
      } finally {
        await page.close();
      }
    });

    test("a hostile page that switches to another joined room and reads the whole DOM learns nothing: empty hosts, no attributes, no marker", async () => {
      const falcon = roomByName(suite.report, "Project Falcon");
      const family = roomByName(suite.report, "Family");
      const page = await open("current", falcon.roomId, { [falcon.roomId]: pageMembers(falcon), [family.roomId]: pageMembers(family) });
      try {
        await badgesOf(page, falcon, "badges for Project Falcon");
        // The page chooses the room (the URL hash) and waits until the badges there are drawn.
        await page.evaluate((room) => void (location.hash = `#/room/${room}`), family.roomId);
        const shownNames = (await badgesOf(page, family, "badges for Family")).flatMap((t) => t.badges.map((b) => b.name));
        assert.ok(shownNames.length >= 2, `badges drawn: ${shownNames.length}`);
        // Everything a page script can read: every attribute and text of the document, the hosts, <html>.
        const read = await page.evaluate(() => {
          const values: string[] = [];
          const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
          for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
            if (node instanceof Element) for (const a of node.attributes) values.push(`${a.name}=${a.value}`);
            else values.push(node.textContent ?? "");
          }
          const hosts = [...document.querySelectorAll("matrix-trust-badge")];
          return {
            values,
            hosts: hosts.map((h) => ({ html: h.outerHTML, open: h.shadowRoot !== null, width: h.getBoundingClientRect().width })),
            html: [...document.documentElement.attributes].map((a) => a.name),
          };
        }, undefined);
        assert.equal(read.hosts.length, shownNames.length);
        for (const host of read.hosts) assert.deepEqual([host.html, host.open], ["<matrix-trust-badge></matrix-trust-badge>", false]);
        assert.equal(new Set(read.hosts.map((h) => h.width)).size, 1, "every badge takes the same room, whatever it says");
        assert.deepEqual(read.html, ["lang"], "no marker on <html>");
        // Nothing the badges say is anywhere a page can read: no name, no words, no verdict code.
        const verdictCodes = ["verification-violation", "identity-changed", "no-cross-signing", "unsigned-device", "new-unverified-device"];
        const counts = shownNames.map((n) => n.slice(n.indexOf(": ") + 2)).filter((label) => /\d/.test(label));
        for (const value of read.values) {
          for (const said of [...shownNames, ...counts, ...verdictCodes]) assert.ok(!value.includes(said), `the page can read "${value}" (${said})`);
          assert.ok(!/^data-(verdict|label|level|user-id|sessions|matrix)/.test(value), `the page can read ${value}`);
        }
      } finally {
        await page.close();
      }
    });

    extra?.(() => suite);

    // Last: it ends the suite's session.
    test("signing the extension out removes every badge and cached verdict from every open page at once", async () => {
      const falcon = roomByName(suite.report, "Project Falcon");
      const ops = roomByName(suite.report, "Ops");
      const current = await open("current", falcon.roomId, { [falcon.roomId]: pageMembers(falcon) });
      const legacy = await open("legacy", ops.roomId, { [ops.roomId]: pageMembers(ops) });
      try {
        await badgesOf(current, falcon, "badges on the current list");
        await badgesOf(legacy, ops, "badges on the legacy list");
        const signedOut = await suite.extension.sendFromExtensionPage("session.signOut", {});
        assert.ok(signedOut.ok, JSON.stringify(signedOut));
        for (const page of [current, legacy]) {
          // The background tells every tab; each asks again, hears "no", and drops everything.
          const seen = await waitFor("the page's badges to go", async () => {
            const now = await probe(suite.extension, page, false);
            return !now.gateOpen && now.tiles.every((t) => t.badges.length === 0) ? now : undefined;
          }, { timeoutMs: 10_000 });
          assert.equal(seen.sizes.knownVerdicts, 0, "no cached verdict kept");
          assert.equal(seen.sizes.badges, 0, "no badge kept, drawn or not");
        }
      } finally {
        await current.close();
        await legacy.close();
      }
    });
  });
}


async function screenshot(page: PageHandle, file: string): Promise<void> {
  const raw = page.raw as { screenshot(options: { path: string }): Promise<unknown> };
  await raw.screenshot({ path: file });
}
