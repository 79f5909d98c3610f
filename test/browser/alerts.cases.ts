/**
 * Desktop alerts in the browser, with the real background, session and audit against the demo
 * scenario: off by default; turned on, the identity resets and Alice's new device notify through
 * the browser's notifications (as many as the scenario's definition makes critical problems), each
 * once; acknowledging a problem clears its notification and a later audit does not bring it back;
 * the popup opened at a problem's address shows and focuses that problem.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { alertId, problemHash, problemOfAlert } from "../../src/core/alerts.ts";
import type { Homeserver } from "../homeserver/index.ts";
import { expectedProblems } from "../helpers/expected-problems.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";
import { currentReport, popupScenario, signInAndAudit, startPopupHomeserver, waitForReport } from "./popup.setup.ts";

const DEMO = "@demo:localhost";

type NotificationsApi = { notifications: { getAll(): Promise<Record<string, unknown>>; onClosed: { addListener(fn: (id: string) => void): void } } };

/**
 * Records, in one of our pages, every notification of the extension that closes. Headless Firefox
 * has no alert service: each notification closes as soon as it is made, so there its closing is
 * how it is seen (once per notification made); Chromium keeps them until cleared.
 */
function recordClosings(page: PageHandle): Promise<void> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as { browser?: NotificationsApi; chrome?: NotificationsApi; closedNotifications?: string[] };
    scope.closedNotifications = [];
    (scope.browser ?? scope.chrome)!.notifications.onClosed.addListener((id) => scope.closedNotifications!.push(id));
  }, undefined);
}

/** The notifications seen: those the browser shows now, and each closing so far (in order, repeats kept). */
function seenNotifications(page: PageHandle): Promise<{ shown: string[]; closed: string[] }> {
  return page.evaluate(async () => {
    const scope = globalThis as unknown as { browser?: NotificationsApi; chrome?: NotificationsApi; closedNotifications?: string[] };
    const shown = Object.keys(await (scope.browser ?? scope.chrome)!.notifications.getAll()).sort();
    return { shown, closed: [...(scope.closedNotifications ?? [])] };
  }, undefined);
}

/** Every notification made so far, by id (shown now or closed since). */
async function madeNotifications(page: PageHandle): Promise<string[]> {
  const { shown, closed } = await seenNotifications(page);
  return [...new Set([...shown, ...closed])].sort();
}

export function alertCases(name: string, launch: () => Promise<ExtensionUnderTest>): void {
  describe(`desktop alerts for new problems, in ${name}`, () => {
    let server: Homeserver;
    let extension: ExtensionUnderTest;
    let page: PageHandle;

    before(async () => {
      const scenario = popupScenario();
      // One more new device, later: its alert shows that every report before it was dealt with.
      scenario.steps!["another-device"] = [
        { action: "addDevice", user: "@alice:localhost", device: { id: "ALICEOTHER", displayName: "Another new device", signedByOwner: false } },
      ];
      server = await startPopupHomeserver(scenario);
      extension = await launch();
      await signInAndAudit(extension, server, server.scenario.rooms!.length);
      page = await extension.openExtensionPage();
      await recordClosings(page);
    });
    after(async () => {
      await extension?.close();
      await server?.stop();
    });

    test("off by default; turned on, each new critical problem notifies once", async () => {
      const settings = await extension.sendFromExtensionPage("settings.get", {});
      assert.ok(settings.ok && settings.value.alerts.enabled === false, `alerts are off by default: ${JSON.stringify(settings)}`);
      const on = await extension.sendFromExtensionPage("settings.set", { alerts: { enabled: true, warnings: false, watchedOnly: false, watchedRooms: [] } });
      assert.ok(on.ok && on.value.alerts.enabled, JSON.stringify(on));

      // The scenario's definition says which problems the steps add, and which of them are critical.
      const steps = ["reset-identities", "add-device"];
      const critical = (done: string[]) => expectedProblems(server.scenario, DEMO, done).filter((p) => p.severity === "critical").map((p) => p.subject);
      const fresh = critical(steps).filter((s) => !critical([]).includes(s));
      assert.equal(fresh.length, 2, "Bob's reset (he was verified) and Alice's unsigned new device");
      for (const step of steps) await server.applyStep(step);
      const report = await waitForReport(extension, "the audit to see the resets and the new device", (r) =>
        r.problems.some((p) => p.deviceId === "ALICENEW") && r.problems.some((p) => p.userId === "@bob:localhost" && p.subject === "identity"), 60_000);
      const expected = report.problems.filter((p) => p.severity === "critical" && !p.acknowledged && fresh.includes(`${p.userId} ${p.deviceId ?? p.subject}`));
      assert.equal(expected.length, fresh.length);
      const made = await waitFor("a notification per new critical problem", async () => {
        const ids = await madeNotifications(page);
        return expected.every((p) => ids.includes(alertId(p.id))) ? ids : undefined;
      }, { timeoutMs: 30_000, intervalMs: 250 });
      const ours = made.filter((id) => problemOfAlert(id) !== null);
      assert.deepEqual(ours, expected.map((p) => alertId(p.id)).sort(), "none for the warning (Carol) or the problems there before");
    });

    test("acknowledging a problem clears its notification, and a later audit does not bring it back", async () => {
      const report = await currentReport(extension);
      const alice = report.problems.find((p) => p.deviceId === "ALICENEW")!;
      const ack = await extension.sendFromExtensionPage("audit.acknowledge", { findingIds: alice.findingIds });
      assert.ok(ack.ok, JSON.stringify(ack));
      await waitFor("Alice's notification to be cleared", async () => !(await seenNotifications(page)).shown.includes(alertId(alice.id)) || undefined);
      const started = await extension.sendFromExtensionPage("audit.run", {});
      assert.ok(started.ok, JSON.stringify(started));
      await waitForReport(extension, "a full audit after the acknowledgement", (r) => r.generatedAt > report.generatedAt && r.problems.some((p) => p.id === alice.id && p.acknowledged));
      // Alerts follow the reports in order: once the next new device's alert is shown, the reports
      // before it were all dealt with, and Alice's acknowledged problem must not be among the shown.
      await server.applyStep("another-device");
      const later = await waitForReport(extension, "Alice's other new device", (r) => r.problems.some((p) => p.deviceId === "ALICEOTHER"), 60_000);
      const other = later.problems.find((p) => p.deviceId === "ALICEOTHER")!;
      const seen = await waitFor("the other device's alert", async () => {
        const now = await seenNotifications(page);
        return now.shown.includes(alertId(other.id)) || now.closed.includes(alertId(other.id)) ? now : undefined;
      }, { timeoutMs: 30_000, intervalMs: 250 });
      assert.ok(!seen.shown.includes(alertId(alice.id)), "Alice's is not shown again after acknowledgement");
      assert.ok(seen.closed.filter((id) => id === alertId(alice.id)).length <= 1, "nor made again (it closed once: cleared, or at once where no alert service runs)");
      const bob = later.problems.find((p) => p.userId === "@bob:localhost" && p.subject === "identity")!;
      assert.equal([...seen.shown, ...seen.closed].filter((id) => id === alertId(bob.id)).length, 1, "Bob's, not acknowledged, was made once");
    });

    test("the popup opened at a problem's address shows and focuses that problem", async () => {
      const report = await currentReport(extension);
      const bob = report.problems.find((p) => p.userId === "@bob:localhost" && p.subject === "identity")!;
      const popup = await extension.openExtensionPage(`popup.html${problemHash(bob.id)}`);
      try {
        const focused = await waitFor("the problem's entry to have focus", () =>
          popup.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset?.problemId, undefined));
        assert.equal(focused, bob.id);
      } finally {
        await popup.close();
      }
    });
  });
}
