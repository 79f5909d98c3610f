/**
 * The foundation's promises, checked the same way in each browser: the background starts, loads the
 * Rust crypto's WebAssembly, opens its IndexedDB and answers; the popup renders from its answer;
 * the content script runs on a matching web page; a stopped background wakes with its state.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { BackgroundInfo } from "../../src/protocol/messages.ts";
import { DB_NAME } from "../../src/store/db.ts";
import { waitFor, type ExtensionUnderTest } from "./harness/common.ts";
import { serveLocalPages, type LocalServer } from "./harness/local-server.ts";

async function ping(extension: ExtensionUnderTest): Promise<BackgroundInfo> {
  const answer = await extension.sendFromExtensionPage("ping", {});
  assert.ok(answer.ok, `ping failed: ${JSON.stringify(answer)}`);
  return answer.value;
}

export function foundationCases(name: string, launch: () => Promise<ExtensionUnderTest>): void {
  describe(`foundation in ${name}`, () => {
    let extension: ExtensionUnderTest;
    let server: LocalServer;

    before(async () => {
      server = await serveLocalPages({
        "/member-list.html": "<!doctype html><title>Local page</title><p>A page the test build matches.</p>",
      });
      extension = await launch();
    });
    after(async () => {
      await extension?.close();
      await server?.close();
    });

    test("the background starts, loads the crypto WebAssembly, opens IndexedDB and answers ping", async () => {
      const info = await ping(extension);
      assert.equal(info.cryptoWasmReady, true);
      assert.equal(info.storageReady, true);
      assert.ok(Number.isSafeInteger(info.bootCount) && info.bootCount >= 1, `bootCount ${info.bootCount}`);
    });

    test("the boot counter the background reports is the one stored in its IndexedDB", async () => {
      const { bootCount } = await ping(extension);
      // Extension pages share the background's origin, so a page of ours can read the same database.
      const page = await extension.openExtensionPage("popup.html");
      try {
        const stored = await page.evaluate(
          ({ dbName, key }) =>
            new Promise<unknown>((resolve, reject) => {
              const open = indexedDB.open(dbName);
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const get = open.result.transaction("meta").objectStore("meta").get(key);
                get.onsuccess = () => {
                  resolve(get.result);
                  open.result.close();
                };
                get.onerror = () => reject(get.error);
              };
            }),
          { dbName: DB_NAME, key: "bootCount" /* BOOT_COUNT_KEY in src/background/boot.ts */ },
        );
        assert.equal(stored, bootCount);
      } finally {
        await page.close();
      }
    });

    test("the popup renders what the background answers", async () => {
      const popup = await extension.openPopup();
      try {
        const shown = await waitFor("the popup to show the background's answer", () =>
          popup.evaluate(() => {
            const section = document.querySelector("#background-status");
            if (section?.getAttribute("data-state") !== "answered") return undefined;
            const field = (name: string) => section.querySelector(`[data-field="${name}"]`)?.textContent ?? null;
            return { crypto: field("crypto"), storage: field("storage"), bootCount: field("boot-count") };
          }, undefined),
        );
        const { bootCount } = await ping(extension);
        assert.deepEqual(shown, { crypto: "ready", storage: "ready", bootCount: String(bootCount) });
      } finally {
        await popup.close();
      }
    });

    test("the content script runs on a matching local page, leaves no mark on it, and shuts its gate with no Element user", async () => {
      const page = await extension.openWebPage(`${server.origin}/member-list.html`);
      try {
        // Asked through an extension page (test builds' probe): only the extension can reach it.
        const seen = (await waitFor("the content script to answer the probe", async () => (await extension.probeContentScript(page)) ?? undefined)) as { gateOpen: boolean };
        assert.equal(seen.gateOpen, false, "no one signed in to Element on this page: no badges, no asks");
        assert.deepEqual(await page.evaluate(() => [...document.documentElement.attributes].map((a) => a.name), undefined), [],
          "no marker on <html>");
      } finally {
        await page.close();
      }
    });

    test("malformed and unknown messages are refused as data", async () => {
      const cases: [unknown, string][] = [
        [{ type: "ping", payload: { extra: true } }, "bad-request"],
        [{ type: "no.such.message", payload: {} }, "bad-request"],
        [{ type: "ping" }, "bad-request"],
        ["ping", "bad-request"],
      ];
      for (const [message, code] of cases) {
        const answer = await extension.sendRawFromExtensionPage(message);
        assert.deepEqual(
          { ok: (answer as { ok?: unknown }).ok, code: (answer as { error?: { code?: unknown } }).error?.code },
          { ok: false, code },
          `answer to ${JSON.stringify(message)}: ${JSON.stringify(answer)}`,
        );
      }
    });

    test("a stopped background wakes on a message and restores its state from IndexedDB", async () => {
      const before = await ping(extension);
      await extension.stopBackground();
      const after = await ping(extension);
      // The counter only reaches before + 1 if the new start read the stored value.
      assert.equal(after.bootCount, before.bootCount + 1);
      assert.equal(after.cryptoWasmReady, true);
      assert.equal(after.storageReady, true);
    });
  });
}
