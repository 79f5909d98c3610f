/**
 * The badges' accessibility in Chromium: the shared cases (layout, keyboard), plus what only Chromium's
 * driver reaches: axe-core on the badged member list, the accessibility tree (which, unlike axe, sees
 * into the closed shadow roots), and the icons' contrast measured from a screenshot's pixels.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { badgeA11yCases, type A11ySuite } from "./badges-a11y.cases.ts";
import { launchPlainChromium, type AxNode, type PlainPage } from "./badges/plain-browser.ts";
import { readTiles } from "./badges/page-checks.ts";
import { axeViolations, describeViolation, type Violation } from "./harness/axe.ts";
import { waitFor } from "./harness/common.ts";
import { contrast, decodePng, hex, iconColours, parseRgb } from "./badges/pixels.ts";
import { people, pageRooms, stubTable, ROOM_A } from "./badges/fixtures.ts";
import { USER_VERDICT_WORDS } from "../../src/core/words.ts";

/** WCAG 1.4.11: graphical objects that carry meaning reach 3:1 against what is next to them. */
const ICON_CONTRAST = 3;
/** Screenshots at 4× so even the 1.2 px outline has pixels of its full colour. */
const SCALE = 4;

const raw = (page: PlainPage) => page.raw as Page;

/** The focused node of the tree (the document's own node says it has focus too, while the window has). */
const focusedIn = (tree: AxNode[]) => tree.filter((n) => n.focused && n.role !== "RootWebArea").map((n) => [n.role, n.name]);

async function preferScheme(page: PlainPage, scheme: "light" | "dark"): Promise<void> {
  await raw(page).emulateMedia({ colorScheme: scheme });
  assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches, undefined), scheme === "dark");
}

badgeA11yCases("Chromium", launchPlainChromium, (suite: () => A11ySuite) => {
  test("axe-core: the badges add no violation to the member list, light and dark, and the page around them has no serious or critical one of ours", async () => {
    const { browser, server } = suite();
    const members = people(8);
    const page = await browser.open(`${server.origin}/current.html#/room/${ROOM_A}`);
    const axe = (expression: string) => raw(page).evaluate(expression);
    await page.addScript(`${server.origin}/dom-harness.js`);
    await page.evaluate((rooms) => window.elementLike.setRooms(rooms), pageRooms(members, [ROOM_A]));
    const shields = members.filter((m) => m.e2e && m.userId).length;
    await waitFor("Element's own shields", async () => (await page.evaluate(() => document.querySelectorAll(".mx_E2EIconView").length, undefined)) === shields);
    const key = (v: Violation) => `${v.impact} ${v.id} at ${v.nodes.join(" ")}`;
    const seen: Record<string, { page: Violation[]; badged: Violation[] }> = {};
    for (const scheme of ["light", "dark"] as const) {
      await preferScheme(page, scheme);
      seen[scheme] = { page: await axeViolations(axe), badged: [] };
    }
    await page.evaluate((table) => window.domHarness.start(table), stubTable(members, [ROOM_A]));
    await page.evaluate(() => window.domHarness.settled(), undefined);
    const drawn = (await page.evaluate(readTiles, undefined)).filter((t) => t.badges[0]?.rendered).length;
    assert.ok(drawn >= 5, `badges drawn: ${drawn}`);
    const added: string[] = [];
    for (const scheme of ["light", "dark"] as const) {
      await preferScheme(page, scheme);
      const badged = await axeViolations(axe);
      seen[scheme]!.badged = badged;
      const before = new Set(seen[scheme]!.page.map(key));
      for (const v of badged) if (!before.has(key(v))) added.push(`${scheme}: ${describeViolation(v)}`);
    }
    // The Element-like page's own findings (Element's markup, copied from its snapshots): reported, not ours to fix.
    console.log(`# axe on the Element-like page itself (light): ${seen.light!.page.map((v) => `${v.impact} ${v.id}`).join(", ") || "none"}`);
    assert.deepEqual(added, [], "violations the badges add");
    // What axe would blame on what we put in the page: the hosts, or anything inside our tag.
    const ours = [...seen.light!.badged, ...seen.dark!.badged].filter((v) => v.nodes.some((n) => n.includes("matrix-trust")));
    assert.deepEqual(ours.map(describeViolation), [], "violations at our hosts");
  });

  test("through the accessibility tree: each badge is a button named by user ID and verdict; its detail is a named dialog that takes focus and gives it back on Escape", async () => {
    const page = await suite().openBadgedList();
    const members = people(8);
    const table = stubTable(members, [ROOM_A])[ROOM_A]!;
    const tree = (await page.accessibilityTree())!;
    const buttons = new Set(tree.filter((n) => n.role === "button").map((n) => n.name));
    const named = Object.values(table).map((b) => `${b.userId}: ${USER_VERDICT_WORDS[b.verdict as keyof typeof USER_VERDICT_WORDS]}`);
    for (const name of named) assert.ok(buttons.has(name), `no button "${name}" in the accessibility tree: ${[...buttons].join(" | ")}`);
    assert.deepEqual(tree.filter((n) => n.role === "dialog"), [], "no dialog before a badge is activated");

    await page.click('.mx_MemberTileView[aria-label="User 3"] matrix-trust-badge');
    const badgeName = named.find((n) => n.startsWith("@user3:localhost: "))!;
    const open = (await page.accessibilityTree())!;
    const dialogs = open.filter((n) => n.role === "dialog");
    assert.deepEqual(dialogs.map((d) => d.name), [badgeName], "one dialog, named for whose verdict it shows");
    assert.deepEqual(focusedIn(open), [["dialog", badgeName]], "the dialog has focus");

    await page.press("Escape");
    const closed = (await page.accessibilityTree())!;
    assert.deepEqual(closed.filter((n) => n.role === "dialog"), [], "Escape closed it");
    assert.deepEqual(focusedIn(closed), [["button", badgeName]], "focus is back on the badge");
  });

  test(`every badge icon reaches ${ICON_CONTRAST}:1 against the member list, light and dark, measured from pixels`, async () => {
    const page = await suite().openBadgedList();
    const cdp = await raw(page).context().newCDPSession(raw(page));
    const lines: string[] = [];
    const failures: string[] = [];
    mkdirSync("test-output/badge-icons", { recursive: true });
    try {
      for (const scheme of ["light", "dark"] as const) {
        await preferScheme(page, scheme);
        const tiles = await page.evaluate(readTiles, undefined);
        const hosts = await page.evaluate(() => [...document.querySelectorAll(".mx_MemberTileView matrix-trust-badge")].map((host) => {
          const box = host.getBoundingClientRect();
          return { userId: host.closest(".mx_MemberTileView")!.querySelector(".mx_BaseAvatar[title]")!.getAttribute("title")!, x: box.left, y: box.top, width: box.width, height: box.height };
        }), undefined);
        const levels = new Set<string>();
        for (const host of hosts) {
          const badge = tiles.find((t) => t.tileUser === host.userId)?.badges[0];
          if (!badge?.rendered || levels.has(badge.level)) continue;
          levels.add(badge.level);
          const { data } = (await cdp.send("Page.captureScreenshot", { format: "png", clip: { ...host, scale: SCALE } })) as { data: string };
          const png = Buffer.from(data, "base64");
          writeFileSync(`test-output/badge-icons/${scheme}-${badge.level}.png`, png);
          const { background, icon } = iconColours(decodePng(png));
          const computed = parseRgb(badge.colour);
          // The pixels are the icon's colour as computed (not a blend or the white mark), within rounding.
          assert.ok(icon.every((v, i) => Math.abs(v - computed[i]!) <= 2), `${scheme} ${badge.level}: drawn ${hex(icon)}, computed ${hex(computed)}`);
          const ratio = contrast(icon, background);
          lines.push(`${scheme} ${badge.level}: ${hex(icon)} on ${hex(background)} ${ratio.toFixed(2)}:1`);
          if (ratio < ICON_CONTRAST) failures.push(lines.at(-1)!);
        }
        assert.deepEqual([...levels].sort(), ["critical", "neutral", "notice", "ok", "warning"], `${scheme}: every level measured`);
      }
    } finally {
      await cdp.detach();
    }
    console.log(`# badge icon contrast (Chromium):\n# ${lines.join("\n# ")}`);
    assert.deepEqual(failures, []);
  });
});
