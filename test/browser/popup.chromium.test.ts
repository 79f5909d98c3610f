/**
 * The popup in real Chromium, against the test homeserver's demo scenario with the real background,
 * session and audit: every screen shows the audit's verdicts, actions change the records and the
 * toolbar, live changes arrive in an open popup, exports match the audit, names from others stay text.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import type { AuditReport } from "../../src/core/verdicts.ts";
import { expectedProblems } from "../helpers/expected-problems.ts";
import type { Homeserver } from "../homeserver/index.ts";
import { launchChromium, type ChromiumExtension } from "./harness/chromium.ts";
import { waitFor, type PageHandle } from "./harness/common.ts";
import {
  checkOverview,
  checkIsolationCard,
  currentReport,
  HOSTILE_DEVICE_NAME,
  HOSTILE_NAME,
  HOSTILE_USER,
  signInAndAudit,
  startPopupHomeserver,
  toolbarBadgeText,
  waitForReport,
} from "./popup.setup.ts";

const SHOTS = new URL("../../test-output/popup-chromium/", import.meta.url).pathname;

describe("popup in Chromium", () => {
  let server: Homeserver;
  let extension: ChromiumExtension;
  let report: AuditReport;
  const dialogs: string[] = [];

  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startPopupHomeserver();
    extension = await launchChromium();
    extension.context.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    report = await signInAndAudit(extension, server, server.scenario.rooms!.length);
  });
  after(async () => {
    await extension?.close();
    await server?.stop();
  });

  async function openPopup(hash = "", colorScheme: "light" | "dark" = "light"): Promise<PageHandle<Page>> {
    const popup = await extension.openPopup();
    await popup.raw.setViewportSize({ width: 400, height: 600 });
    await popup.raw.emulateMedia({ colorScheme });
    if (hash) await popup.raw.evaluate((h) => (location.hash = h), hash);
    return popup;
  }

  async function shoot(popup: PageHandle<Page>, name: string): Promise<void> {
    for (const scheme of ["light", "dark"] as const) {
      await popup.raw.emulateMedia({ colorScheme: scheme });
      await popup.raw.screenshot({ path: `${SHOTS}${name}-${scheme}.png` });
    }
    await popup.raw.emulateMedia({ colorScheme: "light" });
  }

  test("the overview shows the account, the inbox and every room with its shield", async () => {
    const popup = await openPopup();
    try {
      await checkOverview(popup, await currentReport(extension));
      await shoot(popup, "overview");
    } finally {
      await popup.close();
    }
  });

  test("after the background was stopped, an opened popup wakes it and shows the audit again", async () => {
    const expected = await currentReport(extension);
    await extension.stopBackground();
    const popup = await openPopup();
    try {
      await checkOverview(popup, expected);
    } finally {
      await popup.close();
    }
  });

  test("the room screen shows each member's verdict and, expanded, each device's facts", async () => {
    const ops = report.rooms.find((r) => r.name === "Ops")!;
    const popup = await openPopup();
    try {
      await popup.raw.click(`.room-row[data-room-id="${ops.roomId}"]`);
      await popup.raw.waitForSelector('[data-screen="room"] .member-row');
      const members = await popup.evaluate(
        () => [...document.querySelectorAll<HTMLElement>(".member-row")].map((el) => [el.dataset.userId!, el.dataset.userVerdict!]),
        undefined,
      );
      assert.deepEqual(
        Object.fromEntries(members),
        Object.fromEntries(ops.members.map((m) => [m.userId, m.verdict])),
        "every member with the audit's verdict",
      );
      // The scenario's known verdicts, as shown: Bob verified by the demo user, Dave not, Erin without identity.
      assert.equal(Object.fromEntries(members)["@bob:localhost"], "verified");
      assert.equal(Object.fromEntries(members)["@dave:localhost"], "unverified");
      assert.equal(Object.fromEntries(members)["@erin:localhost"], "no-cross-signing");
      assert.equal(Object.fromEntries(members)["@demo:localhost"], "me");

      // The policy preview lists the devices the audit says MSC4153's policy would leave out.
      await popup.raw.click(".policy summary");
      const excluded = await popup.evaluate(
        () => [...document.querySelectorAll<HTMLElement>("[data-excluded-device]")].map((el) => el.dataset.excludedDevice!).sort(),
        undefined,
      );
      assert.deepEqual(excluded, ops.policyPreview.excludedDevices.map((d) => d.deviceId).sort());
      assert.ok(excluded.includes("DAVETABLET"), "Dave's unsigned tablet would be left out");

      await popup.raw.click('.member-row[data-user-id="@dave:localhost"]');
      const tablet = await waitFor("Dave's devices", () =>
        popup.evaluate(() => {
          const el = document.querySelector<HTMLElement>('.device[data-device-id="DAVETABLET"]');
          if (!el) return undefined;
          const fact = (name: string) => el.querySelector<HTMLElement>(`[data-fact="${name}"]`)?.dataset.value;
          return {
            verdict: el.dataset.deviceVerdict,
            fingerprint: el.querySelector(".fingerprint")?.textContent,
            groups: [...el.querySelectorAll(".fp-group")].map((g) => g.textContent),
            signedByOwner: fact("signedByOwner"),
            crossSigningVerified: fact("crossSigningVerified"),
            localVerified: fact("localVerified"),
            firstSeen: el.querySelector<HTMLTimeElement>(".device-first-seen")?.dateTime,
          };
        }, undefined),
      );
      const audited = ops.members.find((m) => m.userId === "@dave:localhost")!.devices.find((d) => d.deviceId === "DAVETABLET")!;
      assert.equal(tablet.verdict, "unsigned");
      assert.equal(audited.verdict, "unsigned");
      assert.equal(tablet.signedByOwner, "false");
      assert.equal(tablet.localVerified, String(audited.facts.localVerified));
      assert.equal(tablet.crossSigningVerified, String(audited.facts.crossSigningVerified));
      assert.equal(tablet.groups.join(""), audited.ed25519);
      assert.ok(tablet.groups.slice(0, -1).every((g) => g?.length === 4), "fingerprint in groups of four");
      assert.equal(typeof audited.firstSeen, "number");
      assert.equal(tablet.firstSeen, new Date(audited.firstSeen!).toISOString(), "first seen, as the audit recorded it");
      await shoot(popup, "room");
    } finally {
      await popup.close();
    }
  });

  test("the keyboard moves through the rooms, opens one and comes back; lists are labelled", async () => {
    const popup = await openPopup();
    try {
      await popup.raw.waitForSelector(".rooms-list .room-row");
      const list = await popup.evaluate(() => {
        const el = document.querySelector(".rooms-list");
        const row = el?.querySelector(".vrow");
        return { role: el?.getAttribute("role"), label: el?.getAttribute("aria-label"), setsize: row?.getAttribute("aria-setsize") };
      }, undefined);
      assert.deepEqual(list, { role: "list", label: "Rooms", setsize: String(report.rooms.length) });
      await popup.raw.focus(".rooms-list .room-row");
      await popup.raw.keyboard.press("ArrowDown");
      await popup.raw.keyboard.press("ArrowDown");
      const focused = await popup.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.roomId, undefined);
      assert.equal(focused, report.rooms[2]!.roomId, "two rows down");
      await popup.raw.keyboard.press("Enter");
      await popup.raw.waitForSelector(`[data-screen="room"][data-room-id="${report.rooms[2]!.roomId}"]`);
      await popup.raw.keyboard.press("Escape");
      await popup.raw.waitForSelector('[data-screen="overview"]');
    } finally {
      await popup.close();
    }
  });

  test("a display name and a device name made of markup show as text", async () => {
    const ops = report.rooms.find((r) => r.name === "Ops")!;
    const popup = await openPopup(`#/room/${encodeURIComponent(ops.roomId)}/${encodeURIComponent(HOSTILE_USER)}`);
    try {
      const shown = await waitFor("Mallory's row and device", () =>
        popup.evaluate((user) => {
          const row = document.querySelector<HTMLElement>(`.member-row[data-user-id="${user}"]`);
          const device = document.querySelector<HTMLElement>(`.device[data-user-id="${user}"] .device-name`);
          if (!row || !device) return undefined;
          return {
            name: row.querySelector(".member-name")?.textContent,
            device: device.textContent,
            images: document.querySelectorAll("img").length,
            bold: document.querySelectorAll(".device b, .member-row b").length,
          };
        }, HOSTILE_USER),
      );
      assert.equal(shown.name, HOSTILE_NAME);
      assert.equal(shown.device, HOSTILE_DEVICE_NAME);
      assert.equal(shown.images, 0, "no <img> element was created");
      assert.equal(shown.bold, 0, "no <b> element was created");
      assert.deepEqual(dialogs, [], "no script ran");
      await shoot(popup, "room-markup-names");
    } finally {
      await popup.close();
    }
  });

  test("acknowledging an inbox entry acknowledges its problem's findings in every room, and lowers the toolbar count by one", async () => {
    const before = await currentReport(extension);
    const open = before.problems.filter((p) => !p.acknowledged);
    assert.ok(open.length >= 2, `the demo has problems to acknowledge (${open.length})`);
    const popup = await openPopup();
    try {
      await waitFor("the toolbar count of open problems", async () => (await toolbarBadgeText(popup)) === String(open.length));
      const first = await popup.raw.waitForSelector('[data-list="inbox"] [data-problem-id]');
      const problemId = (await first.getAttribute("data-problem-id"))!;
      const ids = JSON.parse((await first.getAttribute("data-finding-ids"))!) as string[];
      const problem = open.find((p) => p.id === problemId)!;
      assert.ok(problem, "the entry is one of the report's open problems");
      assert.deepEqual([...ids].sort(), [...problem.findingIds].sort(), "the entry stands for the problem's findings in each of its rooms");
      // Problem IDs are JSON: reach the button through the element, not a selector built from the ID.
      await (await first.$('[data-action="acknowledge"]'))!.click();
      await waitFor("the problem to leave the inbox", () =>
        popup.evaluate((pid) => !document.querySelector(`[data-list="inbox"] [data-problem-id="${CSS.escape(pid)}"]`), problemId),
      );
      const after = await waitForReport(extension, "the acknowledgement in the report", (r) =>
        ids.every((fid) => r.rooms.some((room) => room.findings.some((f) => f.id === fid && f.acknowledged))),
      );
      assert.equal(after.summary.problems.unacknowledged, open.length - 1);
      await waitFor("the toolbar count to drop by one", async () => (await toolbarBadgeText(popup)) === String(open.length - 1));
      const shown = await popup.evaluate(() => document.querySelector<HTMLElement>('[data-list="inbox"]')?.dataset.count, undefined);
      assert.equal(shown, String(open.length - 1));
    } finally {
      await popup.close();
    }
  });

  test("the history lists trust changes and filters them by user", async () => {
    const all = await extension.sendFromExtensionPage("history.list", { limit: 100 });
    assert.ok(all.ok, JSON.stringify(all));
    const popup = await openPopup("#/history");
    try {
      const shown = await waitFor("the history entries", () =>
        popup.evaluate(() => {
          const items = [...document.querySelectorAll<HTMLElement>(".history-entry")];
          return items.length > 0 ? items.map((el) => [el.dataset.kind, el.dataset.userId]) : undefined;
        }, undefined),
      );
      assert.deepEqual(shown, all.value.entries.map((e) => [e.kind, e.userId]));
      const someone = all.value.entries[0]!.userId;
      await popup.raw.evaluate((user) => (location.hash = `#/history?user=${encodeURIComponent(user)}`), someone);
      const filtered = await waitFor("the filtered history", () =>
        popup.evaluate((user) => {
          const users = [...document.querySelectorAll<HTMLElement>(".history-entry")].map((el) => el.dataset.userId);
          return users.length > 0 && document.querySelector("input[type=search]") && (document.querySelector("input[type=search]") as HTMLInputElement).value === user ? users : undefined;
        }, someone),
      );
      assert.ok(filtered.every((u) => u === someone), `only ${someone}: ${filtered}`);
      const roomId = all.value.entries.find((e) => e.roomId)!.roomId!;
      const inRoom = await extension.sendFromExtensionPage("history.list", { limit: 100, room: roomId });
      assert.ok(inRoom.ok);
      await popup.raw.evaluate((room) => (location.hash = `#/history?room=${encodeURIComponent(room)}`), roomId);
      const roomShown = await waitFor("the history of one room", () =>
        popup.evaluate((count) => {
          const items = [...document.querySelectorAll<HTMLElement>(".history-entry")];
          return document.querySelector<HTMLSelectElement>(".filters select")?.value !== "" && items.length === count ? items.length : undefined;
        }, inRoom.value.entries.length),
      );
      assert.equal(roomShown, inRoom.value.entries.length);
      assert.ok(inRoom.value.entries.every((e) => e.roomId === roomId));
      await shoot(popup, "history");
    } finally {
      await popup.close();
    }
  });

  test("settings change the isolation policy, and the JSON export is the audit's report", async () => {
    const popup = await openPopup("#/settings");
    try {
      await popup.raw.click('input[name="isolation"][value="only-cross-signed"]');
      await waitFor("the policy to be saved", async () => {
        const settings = await extension.sendFromExtensionPage("settings.get", {});
        return settings.ok && settings.value.isolationPolicy === "only-cross-signed";
      });
      const expected = await currentReport(extension);
      await checkIsolationCard(popup, expected);
      await popup.evaluate(() => document.querySelector("[data-policy-scope]")?.closest("fieldset")?.scrollIntoView({ block: "start" }), undefined);
      await shoot(popup, "settings");
      const [download] = await Promise.all([popup.raw.waitForEvent("download"), popup.raw.click('[data-export="json"]')]);
      const exported = JSON.parse(await readFile((await download.path())!, "utf8"));
      assert.deepEqual(exported, expected);
      const [csv] = await Promise.all([popup.raw.waitForEvent("download"), popup.raw.click('[data-export="csv"]')]);
      const csvText = await readFile((await csv.path())!, "utf8");
      const deviceCount = expected.rooms.reduce((n, r) => n + r.members.reduce((m, mem) => m + Math.max(1, mem.devices.length), 0), 0);
      assert.equal(csvText.trimEnd().split("\r\n").length, 1 + deviceCount, "one CSV line per device (or member without devices)");
    } finally {
      await popup.close();
    }
  });

  test("a new device on the server appears in an open popup: one new problem, in each of its owner's rooms", async () => {
    const popup = await openPopup();
    try {
      await popup.raw.waitForSelector('[data-screen="overview"] .rooms-list .vrow');
      const countBefore = Number(await popup.evaluate(() => document.querySelector<HTMLElement>('[data-list="inbox"]')?.dataset.count, undefined));
      // The scenario's definition says how many problems the step adds: Alice's device is one.
      const added = expectedProblems(server.scenario, "@demo:localhost", ["add-device"]).length - expectedProblems(server.scenario, "@demo:localhost", []).length;
      assert.equal(added, 1);
      await server.applyStep("add-device");
      const report = await waitForReport(extension, "the audit to see Alice's new device", (r) =>
        r.rooms.some((room) => room.findings.some((f) => f.deviceId === "ALICENEW" && !f.acknowledged)), 60_000);
      // The open popup follows without being reopened: its count rises by one, and the toolbar's too.
      await waitFor("the open popup's inbox to count the new problem", () =>
        popup.evaluate((n) => document.querySelector<HTMLElement>('[data-list="inbox"]')?.dataset.count === String(n), countBefore + added));
      await waitFor("the toolbar to count it", async () => (await toolbarBadgeText(popup)) === String(countBefore + added));
      const entries = await waitFor("the new device's entry in the open popup", async () => {
        await popup.raw.evaluate(() => document.querySelector<HTMLElement>('[data-list="inbox"] .list-more .btn-link')?.click());
        return popup.evaluate(() => {
          const found = [...document.querySelectorAll<HTMLElement>('[data-list="inbox"] [data-problem-id]')].filter((f) => f.textContent?.includes("ALICENEW"));
          return found.length > 0 ? found.map((f) => ({ kinds: f.dataset.kinds, rooms: JSON.parse(f.querySelector<HTMLElement>("[data-room-ids]")!.dataset.roomIds!) as string[] })) : undefined;
        }, undefined);
      });
      const aliceFindings = report.rooms.flatMap((r) => r.findings).filter((f) => f.deviceId === "ALICENEW");
      assert.equal(entries.length, 1, "one entry for the device, whatever its findings and rooms");
      assert.deepEqual(entries[0]!.kinds!.split(" ").sort(), [...new Set(aliceFindings.map((f) => f.kind))].sort());
      assert.deepEqual(entries[0]!.rooms.sort(), [...new Set(aliceFindings.map((f) => f.roomId))].sort());
      assert.ok(entries[0]!.rooms.length >= 2, "Alice's new device touches several rooms");
      await popup.raw.evaluate(() => document.querySelector("main")?.scrollTo(0, 0));
      await shoot(popup, "overview-live");
      // Its "Verify device" opens the fingerprint comparison for exactly that device.
      const item = await popup.raw.waitForSelector('[data-list="inbox"] [data-problem-id]:has-text("ALICENEW")');
      await (await item.$('[data-action="verify-device"]'))!.click();
      const shown = await waitFor("the device verification screen", () =>
        popup.evaluate(() => {
          const screen = document.querySelector('[data-screen="verify-device"]');
          return screen ? { device: screen.querySelector(".device-id")?.textContent, key: screen.querySelector<HTMLElement>("[data-fingerprint]")?.dataset.fingerprint } : undefined;
        }, undefined),
      );
      const alice = report.rooms.flatMap((r) => r.members).find((m) => m.userId === "@alice:localhost")!;
      assert.deepEqual(shown, { device: "ALICENEW", key: alice.devices.find((d) => d.deviceId === "ALICENEW")!.ed25519 });
      await shoot(popup, "verify-device");
      // Confirming marks it verified on this session; the audit and the open screen follow.
      await popup.raw.click('[data-action="confirm-verify-device"]');
      await waitForReport(extension, "ALICENEW verified by hand", (r) =>
        r.rooms.some((room) => room.members.some((m) => m.devices.some((d) => d.deviceId === "ALICENEW" && d.verdict === "locally-verified" && d.facts.localVerified))));
      await waitFor("the screen to show the new verdict", () =>
        popup.evaluate(() => document.querySelector('[data-screen="verify-device"] [data-device-verdict]')?.getAttribute("data-device-verdict") === "locally-verified", undefined));
    } finally {
      await popup.close();
    }
  });
});
