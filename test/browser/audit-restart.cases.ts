/**
 * The background's audit across a background restart (Chromium's service worker stopped, Firefox's
 * event page suspended), against the test homeserver's demo scenario: the first answer after the restart is the stored report, the audit
 * resumes by itself and keeps what the records hold (acknowledgements, settings), the toolbar
 * follows, and signing out leaves no report behind.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AuditReport } from "../../src/core/verdicts.ts";
import type { Homeserver } from "../homeserver/index.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";
import { currentReport, signInAndAudit, startPopupHomeserver, toolbarBadgeText, waitForReport } from "./popup.setup.ts";

const openIds = (r: AuditReport): string[] => r.rooms.flatMap((room) => room.findings.filter((f) => !f.acknowledged).map((f) => f.id)).sort();
const roomIds = (r: AuditReport): string[] => r.rooms.map((room) => room.roomId).sort();

export function auditRestartCases(name: string, launch: () => Promise<ExtensionUnderTest>): void {
  describe(`the audit across a background restart, in ${name}`, () => {
    let server: Homeserver;
    let extension: ExtensionUnderTest;
    let page: PageHandle;
    let beforeRestart: AuditReport;

    before(async () => {
      server = await startPopupHomeserver();
      extension = await launch();
      await signInAndAudit(extension, server, server.scenario.rooms!.length);
      page = await extension.openExtensionPage();
    });
    after(async () => {
      await extension?.close();
      await server?.stop();
    });

    test("an acknowledgement and a setting made before the restart", async () => {
      const report = await currentReport(extension);
      const target = report.rooms.flatMap((r) => r.findings).find((f) => !f.acknowledged)!;
      const acknowledged = await extension.sendFromExtensionPage("audit.acknowledge", { findingIds: [target.id] });
      assert.ok(acknowledged.ok && acknowledged.value.acknowledged === 1, JSON.stringify(acknowledged));
      beforeRestart = await waitForReport(extension, "the acknowledged report", (r) => !openIds(r).includes(target.id));
      const set = await extension.sendFromExtensionPage("settings.set", { isolationPolicy: "all-devices-strict", historyRetentionDays: 90 });
      assert.ok(set.ok, JSON.stringify(set));
      await waitFor("the toolbar count", async () => (await toolbarBadgeText(page)) === String(beforeRestart.summary.problems.unacknowledged));
    });

    test("after the restart the first answer is the stored report, and the live audit resumes by itself", async () => {
      const bootsBefore = await extension.sendFromExtensionPage("ping", {});
      assert.ok(bootsBefore.ok);
      await extension.stopBackground();
      const first = await extension.sendFromExtensionPage("audit.report", {});
      const boots = await extension.sendFromExtensionPage("ping", {});
      assert.ok(boots.ok && boots.value.bootCount > bootsBefore.value.bootCount, "the background did restart");
      assert.ok(first.ok && first.value, `a report at once: ${JSON.stringify(first)}`);
      assert.equal(first.value.account.userId, beforeRestart.account.userId);
      assert.deepEqual(roomIds(first.value), roomIds(beforeRestart));
      assert.deepEqual(openIds(first.value), openIds(beforeRestart));

      const live = await waitForReport(extension, "a live audit after the restart", (r) => r.generatedAt > beforeRestart.generatedAt, 60_000);
      assert.deepEqual(roomIds(live), roomIds(beforeRestart));
      assert.deepEqual(openIds(live), openIds(beforeRestart), "the acknowledgement is kept by the records");
      await waitFor("the toolbar count after the restart", async () => (await toolbarBadgeText(page)) === String(live.summary.problems.unacknowledged));
      const settings = await extension.sendFromExtensionPage("settings.get", {});
      assert.deepEqual(settings.ok && settings.value, { isolationPolicy: "all-devices-strict", elementOrigins: [], historyRetentionDays: 90, alerts: { enabled: false, warnings: false, watchedOnly: false, watchedRooms: [] }, holdSendingOnCritical: false });
      // The built extension's audit reads trust through the Rust fast path (one copy of the crypto, every capability there).
      const status = await extension.sendFromExtensionPage("session.status", {});
      assert.ok(status.ok, JSON.stringify(status));
      assert.deepEqual(status.value.audit?.trustReading, { path: "rust-fast-path", reason: null }, JSON.stringify(status.value.audit));
      assert.ok((status.value.audit?.lastFullAuditMs ?? -1) >= 0, "the full audit's duration is reported");
    });

    test("a full audit on request reports its progress to an open popup's port", async () => {
      const progress = await page.evaluate(async () => {
        type Port = { onMessage: { addListener(f: (m: { type: string; progress?: { roomsDone: number; roomsTotal: number } }) => void): void }; disconnect(): void };
        const api = (globalThis as unknown as { browser?: { runtime: { connect(o: object): Port } }; chrome?: { runtime: { connect(o: object): Port } } });
        const port = (api.browser ?? api.chrome)!.runtime.connect({ name: "popup" });
        const seen: { roomsDone: number; roomsTotal: number }[] = [];
        const done = new Promise<void>((resolve) =>
          port.onMessage.addListener((m) => {
            if (m.type !== "audit.progress" || !m.progress) return;
            seen.push(m.progress);
            if (m.progress.roomsDone === m.progress.roomsTotal) resolve();
          }),
        );
        const send = (api.browser ?? api.chrome)!.runtime as unknown as { sendMessage(m: object): Promise<{ ok: boolean; value?: { started: boolean } }> };
        const answer = await send.sendMessage({ type: "audit.run", payload: {} });
        await done;
        port.disconnect();
        return { answer, seen };
      }, undefined);
      assert.deepEqual(progress.answer, { ok: true, value: { started: true } });
      assert.deepEqual(progress.seen.map((p) => p.roomsDone), Array.from({ length: progress.seen.length }, (_, i) => i), "rooms done counts up from 0");
      assert.equal(progress.seen.at(-1)!.roomsTotal, beforeRestart.rooms.length);
    });

    test("signing out leaves no report and clears the toolbar", async () => {
      const out = await extension.sendFromExtensionPage("session.signOut", {});
      const report = await extension.sendFromExtensionPage("audit.report", {});
      assert.deepEqual(report, { ok: true, value: null });
      await waitFor("the toolbar count to go", async () => (await toolbarBadgeText(page)) === "");
      await extension.stopBackground();
      const afterRestart = await extension.sendFromExtensionPage("audit.report", {});
      assert.deepEqual(afterRestart, { ok: true, value: null }, "nothing stored comes back after a restart");
      // Last, so the audit's part above is checked even when the session's own clean-up reports a problem.
      assert.ok(out.ok, `sign-out: ${JSON.stringify(out)}`);
    });
  });
}
