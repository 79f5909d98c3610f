/**
 * Issue 10, storage, against the real extension in Chromium: the browser itself refuses the
 * extension's writes for quota (CDP's Storage.overrideQuotaForOrigin shrinks the extension origin's
 * quota to what it already uses, so IndexedDB fails with a real QuotaExceededError). The background
 * reports it (audit.storage, the popup's overview banner), the records stored before stay and can
 * be exported, and once the quota is back a write succeeds and the banner goes.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { CDPSession } from "playwright-core";
import type { AuditReport } from "../../src/core/verdicts.ts";
import type { AccountExport } from "../../src/store/account.ts";
import type { Homeserver } from "../homeserver/index.ts";
import { launchChromium, type ChromiumExtension } from "./harness/chromium.ts";
import { waitFor, type PageHandle } from "./harness/common.ts";
import { signInAndAudit, startPopupHomeserver } from "./popup.setup.ts";

describe("a full disk, in Chromium: reported, records kept and exportable, recovered", () => {
  let server: Homeserver;
  let extension: ChromiumExtension;
  let cdp: CDPSession;
  let first: AuditReport;
  let recordsBefore: AccountExport;

  const storageProblem = async () => {
    const answer = await extension.sendFromExtensionPage("audit.storage", {});
    assert.ok(answer.ok, JSON.stringify(answer));
    return answer.value;
  };
  const exportRecords = async (): Promise<AccountExport> => {
    const answer = await extension.sendFromExtensionPage("records.export", {});
    assert.ok(answer.ok, JSON.stringify(answer));
    return JSON.parse(answer.value.json) as AccountExport;
  };
  const banner = (popup: PageHandle) =>
    popup.evaluate(() => {
      const element = document.querySelector("[data-storage-problem]");
      return element ? { kind: element.getAttribute("data-storage-problem"), text: element.textContent ?? "" } : null;
    }, undefined);

  before(async () => {
    server = await startPopupHomeserver();
    extension = await launchChromium();
    first = await signInAndAudit(extension, server, server.scenario.rooms!.length);
    recordsBefore = await exportRecords();
    const page = await extension.context.newPage();
    await page.goto(`${extension.origin}/popup.html`);
    cdp = await extension.context.newCDPSession(page);
  });

  after(async () => {
    await cdp?.detach().catch(() => undefined);
    await extension?.close();
    await server?.stop();
  });

  test("the browser refuses the writes: audit.storage says quota, in the store's words", async () => {
    assert.equal(await storageProblem(), null, "no problem while there is space");
    const { usage } = await cdp.send("Storage.getUsageAndQuota", { origin: extension.origin });
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: extension.origin, quotaSize: usage });
    // Every audit writes the report snapshot at least: ask for audits until a write is refused.
    const problem = await waitFor("the background to report the refused write", async () => {
      await extension.sendFromExtensionPage("audit.run", {});
      return (await storageProblem()) ?? undefined;
    }, { timeoutMs: 60_000, intervalMs: 1000 });
    assert.equal(problem.kind, "quota");
    assert.match(problem.message, /no more storage space/);
    assert.ok(problem.since <= Date.now());
  });

  test("the popup's overview shows it, and its link opens Settings' export", async () => {
    const popup = await extension.openPopup();
    try {
      const shown = await waitFor("the storage banner", async () => (await banner(popup)) ?? undefined);
      assert.equal(shown.kind, "quota");
      assert.match(shown.text, /^Your records could not be saved: The browser has no more storage space/);
      assert.match(shown.text, /Export them from Settings before clearing space\./);
      await popup.evaluate(() => (document.querySelector('[data-action="export-records-link"]') as HTMLElement).click(), undefined);
      const settings = await waitFor("Settings' export", () =>
        popup.evaluate(() => (document.querySelector('[data-screen="settings"] #export [data-export="records"]') ? location.hash : undefined), undefined),
      );
      assert.equal(settings, "#/settings/export");
    } finally {
      await popup.close();
    }
  });

  test("the records stored before are kept and export while writes fail", async () => {
    const during = await exportRecords();
    assert.deepEqual(during.findings, recordsBefore.findings);
    assert.deepEqual(during.history, recordsBefore.history);
    assert.ok(during.history.length > 0, "the export holds the history");
    const report = await extension.sendFromExtensionPage("audit.report", {});
    assert.ok(report.ok && report.value);
    assert.deepEqual(report.value.rooms.map((r) => r.roomId).sort(), first.rooms.map((r) => r.roomId).sort());
    assert.notEqual(await storageProblem(), null, "still refused");
  });

  test("with the quota back, the next write clears it and the banner goes", async () => {
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: extension.origin });
    const popup = await extension.openPopup();
    try {
      await waitFor("the banner first", async () => (await banner(popup)) ?? undefined);
      await waitFor("the problem to clear", async () => {
        await extension.sendFromExtensionPage("audit.run", {});
        return (await storageProblem()) === null;
      }, { timeoutMs: 60_000, intervalMs: 1000 });
      // The open popup is told by push, without reopening.
      await waitFor("the banner to go", async () => (await banner(popup)) === null);
    } finally {
      await popup.close();
    }
  });
});
