/**
 * A failing homeserver against the real extension (each browser's test file runs these cases): every
 * request answered 503. The popup says "Offline since …" and still shows the last good audit; a
 * background restart during the outage answers the stored report at once; once the server is back the session recovers by itself,
 * the audit runs again, and the acknowledgement made before the outage is kept.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AuditReport } from "../../src/core/verdicts.ts";
import type { Homeserver } from "../homeserver/index.ts";
import { waitFor, type ExtensionUnderTest } from "./harness/common.ts";
import { currentReport, signInAndAudit, startPopupHomeserver, waitForReport } from "./popup.setup.ts";

const openIds = (r: AuditReport): string[] => r.rooms.flatMap((room) => room.findings.filter((f) => !f.acknowledged).map((f) => f.id)).sort();
const roomIds = (r: AuditReport): string[] => r.rooms.map((room) => room.roomId).sort();

/** `launch` must give an extension whose stopBackground() works (Firefox: a short idle timeout). */
export function offlineCases(name: string, launch: () => Promise<ExtensionUnderTest>): void {
  describe(`a failing homeserver, in ${name}: offline since when, the last good audit, recovery`, () => {
    let server: Homeserver;
    let extension: ExtensionUnderTest;
    let lastGood: AuditReport;

    before(async () => {
      server = await startPopupHomeserver();
      extension = await launch();
      await signInAndAudit(extension, server, server.scenario.rooms!.length);
      const target = (await currentReport(extension)).rooms.flatMap((r) => r.findings).find((f) => !f.acknowledged)!;
      const acknowledged = await extension.sendFromExtensionPage("audit.acknowledge", { findingIds: [target.id] });
      assert.ok(acknowledged.ok, JSON.stringify(acknowledged));
      lastGood = await waitForReport(extension, "the acknowledged report", (r) => !openIds(r).includes(target.id));
    });

    after(async () => {
      await extension?.close();
      await server?.stop();
    });

    const offlineStatus = async () => {
      const status = await extension.sendFromExtensionPage("session.status", {});
      return status.ok && status.value.sync?.state === "offline" && status.value.sync.offlineSince !== undefined ? status.value : undefined;
    };

    test("during the outage: offline since when, in the status and the popup, with the last good audit", async () => {
      server.hostile.failRequests({ failure: { kind: "status", status: 503 }, times: Infinity });
      const status = await waitFor("the session to say offline", offlineStatus, { timeoutMs: 120_000, intervalMs: 500 });
      assert.ok(status.sync!.offlineSince! <= Date.now());
      const report = await currentReport(extension);
      assert.deepEqual(roomIds(report), roomIds(lastGood));
      assert.deepEqual(openIds(report), openIds(lastGood));
      const popup = await extension.openPopup();
      try {
        let shown = "";
        const text = await waitFor("the popup's offline line", async () => {
          const seen = await popup.evaluate(() => ({
            lines: [...document.querySelectorAll('[role="status"]')].map((e) => e.textContent ?? ""),
            report: document.querySelector("[data-generated-at]") !== null,
            body: (document.body.textContent ?? "").slice(0, 300),
          }), undefined);
          shown = JSON.stringify(seen);
          const line = seen.lines.find((t) => t.startsWith("Offline since"));
          return line && seen.report ? line : undefined;
        }).catch((error: Error) => {
          throw new Error(`${error.message}; the popup showed ${shown}`);
        });
        assert.match(text, /^Offline since /);
      } finally {
        await popup.close();
      }
    });

    test("a background restart during the outage answers the stored report at once", async () => {
      await extension.stopBackground();
      const first = await extension.sendFromExtensionPage("audit.report", {});
      assert.ok(first.ok && first.value, JSON.stringify(first).slice(0, 300));
      assert.deepEqual(roomIds(first.value), roomIds(lastGood));
      assert.deepEqual(openIds(first.value), openIds(lastGood));
      await waitFor("offline again after the restart", offlineStatus, { timeoutMs: 120_000, intervalMs: 500 });
    });

    test("once the server is back: syncing by itself, a new audit, nothing lost", async () => {
      server.hostile.clear();
      await waitFor("syncing again", async () => {
        const status = await extension.sendFromExtensionPage("session.status", {});
        return status.ok && status.value.sync?.state === "syncing" && status.value.sync.offlineSince === undefined;
      }, { timeoutMs: 120_000, intervalMs: 500 });
      const live = await waitForReport(extension, "a live audit after the outage", (r) => r.generatedAt > lastGood.generatedAt, 120_000);
      assert.deepEqual(roomIds(live), roomIds(lastGood));
      assert.deepEqual(openIds(live), openIds(lastGood), "the acknowledgement is kept");
    });
  });
}
