/**
 * The banner at Element's message composer, against the real stack: the extension's background
 * signed in to the test homeserver's demo scenario (identity restored, so Alice is verified), its
 * audit and records, and the content script on the Element-like page with the composer markup.
 * The cases run in order as one scenario in Project Falcon: Alice adds a device she never signed,
 * the user says they saw it, she adds another, Carol resets her identity, the hold is turned on.
 * The banner is read as the browser shows it (the test build's probe: layout, hit-testing, its words
 * from the closed shadow root) and clicked with the real mouse; the page itself is probed for leaks.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import type { AuditReport } from "../../src/core/verdicts.ts";
import type { RenderedBanner } from "../../src/content/composer-probe.ts";
import type { FindingRecord } from "../../src/store/records.ts";
import { startHomeserver, type Homeserver, type Scenario } from "../homeserver/index.ts";
import { startPageServer, type PageServer } from "../pages/serve.ts";
import { currentReport, signInAndAudit } from "./popup.setup.ts";
import { pageMembers, roomByName } from "./badges.setup.ts";
import { preferDark, probeBanners, reload, signInElementAs, type BannerPage, type RawMouse } from "./composer.setup.ts";
import { waitFor, type ExtensionUnderTest } from "./harness/common.ts";

const ALICE = "@alice:localhost";
const CAROL = "@carol:localhost";

/** The demo, plus two steps of its own: a second unsigned device of Alice's, and Carol alone resetting. */
export function composerScenario(): Scenario {
  const demo = JSON.parse(readFileSync(new URL("../scenarios/demo.json", import.meta.url), "utf8")) as Scenario;
  demo.name = "demo-composer";
  demo.steps = {
    ...demo.steps,
    "add-second-device": [
      { action: "addDevice", user: ALICE, device: { id: "ALICESECOND", displayName: "Second unknown device", signedByOwner: false } },
    ],
    "reset-carol": [{ action: "resetIdentity", user: CAROL }],
  };
  return demo;
}

export function composerCases(browserName: string, launch: () => Promise<ExtensionUnderTest>): void {
  describe(`the composer banner in Project Falcon, in ${browserName}`, () => {
    let server: Homeserver;
    let pages: PageServer;
    let extension: ExtensionUnderTest;
    let report: AuditReport;
    let falcon: string;
    let ops: string;
    let page: BannerPage;

    const banners = (): Promise<RenderedBanner[]> => probeBanners(extension, page);
    const waitForBanners = async (what: string, ready: (shown: RenderedBanner[]) => boolean, timeoutMs = 60_000) => {
      let last: RenderedBanner[] = [];
      try {
        return await waitFor(what, async () => {
          last = await banners();
          return ready(last) ? last : undefined;
        }, { timeoutMs, intervalMs: 200 });
      } catch (error) {
        const findings = (await currentReport(extension)).rooms.find((r) => r.roomId === falcon)?.findings;
        throw new Error(`${(error as Error).message}\nshown: ${JSON.stringify(last)}\nFalcon's findings: ${JSON.stringify(findings)}`);
      }
    };
    const mouse = (): RawMouse => (page.raw as { mouse: RawMouse }).mouse;
    const clickButton = async (banner: RenderedBanner, label: string) => {
      const target = banner.buttons.find((b) => b.label === label);
      assert.ok(target, `the banner shows a "${label}" button a click reaches (${JSON.stringify(banner.buttons)})`);
      await mouse().click(target.x, target.y);
    };
    /** Element signed in as the demo account, its member list filled (the badges work beside the banner). */
    const elementReady = async () => {
      await signInElementAs(page, "@demo:localhost");
      const rooms = Object.fromEntries(report.rooms.map((r) => [r.roomId, pageMembers(r)]));
      await page.evaluate((r) => window.elementLike.setRooms(r), rooms);
    };
    const shoot = async (name: string) => {
      mkdirSync("test-output", { recursive: true });
      await (page.raw as { screenshot(o: { path: string }): Promise<unknown> }).screenshot({ path: `test-output/composer-${name}-${browserName.split(" ")[0]!.toLowerCase()}.png` });
    };

    before(async () => {
      server = await startHomeserver({ scenario: composerScenario() });
      pages = await startPageServer();
      extension = await launch();
      report = await signInAndAudit(extension, server, composerScenario().rooms!.length);
      falcon = roomByName(report, "Project Falcon").roomId;
      ops = roomByName(report, "Ops").roomId;
      page = await extension.openWebPage(`${pages.origin}/current.html#/room/${falcon}`);
      await elementReady();
    });
    after(async () => {
      await page?.close();
      await extension?.close();
      await pages?.close();
      await server?.stop();
    });

    test("no banner while Project Falcon has no device the user was not told about", async () => {
      // The probe answers after the content script settled; an empty list is an answer, not a wait.
      await waitFor("the content script to answer for Falcon", async () => (await banners()).length === 0 || undefined);
      assert.equal((await currentReport(extension)).rooms.find((r) => r.roomId === falcon)!.findings.filter((f) => !f.acknowledged).length, 0);
    });

    test("Alice's new unsigned device: a critical banner above the composer, leading with her", async () => {
      await server.applyStep("add-device");
      const [banner] = await waitForBanners("the banner for Alice's new device", (shown) => shown.length === 1);
      assert.equal(banner!.level, "critical");
      assert.equal(banner!.rows.length, 1, `one row for one device: ${JSON.stringify(banner!.rows)}`);
      assert.equal(banner!.title, "Before you send: a person you verified has a device in this room that they did not sign");
      const alice = roomByName(report, "Project Falcon").members.find((m) => m.userId === ALICE)!.displayName;
      assert.equal(banner!.rows[0], `${alice} (${ALICE}) has a new device they did not sign — you verified them: “Unknown new device” (ALICENEW)`);
      assert.deepEqual(banner!.buttons.map((b) => b.label), ["Show details", "I've seen this"]);
      // It sits in Element's composer region, above the editor, without covering it.
      const layout = await page.evaluate(() => {
        const composer = document.querySelector(".mx_MessageComposer")!;
        const host = composer.querySelector("matrix-trust-composer-warning");
        const editor = composer.querySelector(".mx_BasicMessageComposer_input")!.getBoundingClientRect();
        const box = host?.getBoundingClientRect();
        return { inside: host !== null, bottom: box?.bottom ?? 0, editorTop: editor.top,
          editorHit: document.elementFromPoint(editor.left + 5, editor.top + 5)?.className ?? "" };
      }, undefined);
      assert.ok(layout.inside, "the banner's host is inside Element's composer region");
      assert.ok(layout.bottom <= layout.editorTop, `the banner ends above the editor (${layout.bottom} ≤ ${layout.editorTop})`);
      assert.equal(layout.editorHit, "mx_BasicMessageComposer_input", "the editor is still what a click there reaches");
      await shoot("light");
      if (await preferDark(page, true)) {
        await shoot("dark");
        await preferDark(page, false);
      }
    });

    test("Show details explains inline; the page reads nothing of it", async () => {
      const [banner] = await banners();
      await clickButton(banner!, "Show details");
      const [open] = await waitForBanners("the details to open", (shown) => shown[0]?.rows[0]?.includes("It can read what you send here") === true);
      assert.ok(open!.buttons.some((b) => b.label === "Hide details"));
      const leaks = await page.evaluate(() => {
        const html = document.documentElement.outerHTML;
        const host = document.querySelector("matrix-trust-composer-warning")!;
        return {
          words: ["ALICENEW", "Unknown new device", "did not sign", "I've seen this"].filter((w) => html.includes(w) || document.body.innerText.includes(w)),
          attributes: host.getAttributeNames(),
          shadow: (host as HTMLElement & { shadowRoot: ShadowRoot | null }).shadowRoot === null,
          marker: document.documentElement.getAttributeNames().filter((n) => n.includes("trust")),
        };
      }, undefined);
      assert.deepEqual(leaks, { words: [], attributes: [], shadow: true, marker: [] }, "nothing of the banner is readable by the page");
    });

    test("\"I've seen this\": records show it warned (and the critical one acknowledged), the banner goes, the popup's inbox follows", async () => {
      const [banner] = await banners();
      await clickButton(banner!, "I've seen this");
      await waitForBanners("the banner to go", (shown) => shown.length === 0);
      const records = await extension.sendFromExtensionPage("records.export", {});
      assert.ok(records.ok);
      const { findings } = JSON.parse(records.value.json) as { findings: FindingRecord[] };
      const alices = findings.filter((f) => f.deviceId === "ALICENEW" && f.roomId === falcon);
      assert.ok(alices.length >= 1);
      for (const finding of alices) assert.notEqual(finding.firstWarned, null, `${finding.kind} noted as warned`);
      const after = await currentReport(extension);
      const critical = after.rooms.find((r) => r.roomId === falcon)!.findings.find((f) => f.deviceId === "ALICENEW" && f.severity === "critical");
      assert.equal(critical?.acknowledged, true, "the popup's inbox no longer lists it as open");
    });

    test("after a reload and a room switch the banner stays gone", async () => {
      await reload(page);
      await elementReady();
      await waitFor("the reloaded page's answer", async () => (await banners()).length === 0 || undefined);
      await page.evaluate((room) => void (location.hash = `#/room/${room}`), ops);
      await page.evaluate((room) => void (location.hash = `#/room/${room}`), falcon);
      const settled = await waitFor("the banner after switching back", async () => {
        const shown = await banners();
        return shown.length === 0 ? shown : undefined;
      });
      assert.deepEqual(settled, []);
    });

    test("a second new device: the banner again, for that device only, in the room's and the thread's composer", async () => {
      await page.evaluate(() => window.elementLike.composer.setThreadOpen(true), undefined);
      await server.applyStep("add-second-device");
      const shown = await waitForBanners("the banner for the second device in both composers", (b) => b.length === 2 && b.every((x) => x.rows.length === 1));
      for (const banner of shown) assert.match(banner.rows[0]!, /has a new device they did not sign — you verified them: “Second unknown device” \(ALICESECOND\)$/);
      await page.evaluate(() => window.elementLike.composer.setThreadOpen(false), undefined);
      // Element re-rendering the composer's children (or a page removing the banner) does not lose it.
      await page.evaluate(() => document.querySelector(".mx_MessageComposer matrix-trust-composer-warning")!.remove(), undefined);
      await waitForBanners("the banner back after its host was removed", (b) => b.length === 1 && b[0]!.rows.length === 1);
    });

    test("Element's own identity banner: no second line for the same person; a line when Element shows none", async () => {
      await server.applyStep("reset-carol");
      const [without] = await waitForBanners("a line for Carol's changed identity", (b) => b[0]?.lines.some((l) => l.includes("digital identity")) === true);
      assert.deepEqual(without!.lines, ["1 person's digital identity changed: open the auditor (its toolbar icon) to review."]);
      await page.evaluate((who) => window.elementLike.composer.showIdentityWarning(who), CAROL);
      const [withElement] = await waitForBanners("the identity line to give way to Element's", (b) => b[0] !== undefined && b[0].lines.length === 0);
      assert.equal(withElement!.rows.length, 1, "the device row stays");
      await shoot("with-element-identity-warning");
    });

    test("hold: Enter asks \"Send anyway?\" and keeps the text; Send anyway sends it unchanged; with the setting off Enter sends at once", async () => {
      const held = "Meeting moved to 3pm — bring the draft";
      const set = await extension.sendFromExtensionPage("settings.set", { holdSendingOnCritical: true });
      assert.ok(set.ok && set.value.holdSendingOnCritical);
      // The banner learns the setting on its next answer (the toolbar's change of setting is not pushed).
      await reload(page);
      await elementReady();
      await waitForBanners("the banner after reload", (b) => b.length === 1);
      const editor = await page.evaluate(() => {
        const r = document.querySelector(".mx_BasicMessageComposer_input")!.getBoundingClientRect();
        return { x: r.left + 10, y: r.top + r.height / 2 };
      }, undefined);
      await mouse().click(editor.x, editor.y);
      const keyboard = (page.raw as { keyboard: { type(t: string): Promise<void>; press(k: string): Promise<void> } }).keyboard;
      await keyboard.type(held);
      await keyboard.press("Enter");
      const [question] = await waitForBanners("the hold question", (b) => b[0]?.holding === true);
      assert.deepEqual(await page.evaluate(() => ({ sent: window.elementLike.composer.sent.length,
        text: document.querySelector(".mx_BasicMessageComposer_input")!.textContent }), undefined), { sent: 0, text: held });
      await shoot("hold");
      await clickButton(question!, "Send anyway");
      await waitFor("the held message to be sent", () => page.evaluate(() => window.elementLike.composer.sent.length === 1, undefined));
      assert.deepEqual(await page.evaluate(() => window.elementLike.composer.sent, undefined), [{ composer: "room", text: held }]);

      const off = await extension.sendFromExtensionPage("settings.set", { holdSendingOnCritical: false });
      assert.ok(off.ok && !off.value.holdSendingOnCritical);
      await reload(page);
      await elementReady();
      await waitForBanners("the banner after reload", (b) => b.length === 1);
      await mouse().click(editor.x, editor.y);
      await keyboard.type("second");
      await keyboard.press("Enter");
      await waitFor("Enter to send at once", () => page.evaluate(() => window.elementLike.composer.sent.some((m) => m.text === "second"), undefined));
      assert.equal((await banners())[0]?.holding, false);
    });

    test("acknowledging in the auditor (as its inbox does) clears the banner live, without a reload", async () => {
      const open = (await currentReport(extension)).rooms.find((r) => r.roomId === falcon)!.findings
        .filter((f) => f.deviceId === "ALICESECOND" && !f.acknowledged).map((f) => f.id);
      assert.ok(open.length > 0, "Alice's second device is still open in the auditor");
      const acknowledged = await extension.sendFromExtensionPage("audit.acknowledge", { findingIds: open });
      assert.ok(acknowledged.ok);
      await waitForBanners("the banner's device row to go", (b) => b.every((x) => x.rows.length === 0));
    });
  });
}
