import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { foundationCases } from "./foundation.cases.ts";
import { launchChromium, type ChromiumExtension } from "./harness/chromium.ts";
import { serveLocalPages, type LocalServer } from "./harness/local-server.ts";
import { waitFor } from "./harness/common.ts";

foundationCases("Chromium", () => launchChromium());

describe("what a content script may ask, in Chromium", () => {
  let extension: ChromiumExtension;
  let server: LocalServer;
  before(async () => {
    server = await serveLocalPages({ "/": "<!doctype html><title>Local page</title>" });
    extension = await launchChromium();
  });
  after(async () => {
    await extension?.close();
    await server?.close();
  });

  test("a content script is answered ping but refused an extension-page message", async () => {
    const page = await extension.openWebPage(`${server.origin}/`);
    try {
      await waitFor("the content script to run", async () => (await extension.probeContentScript(page)) ?? undefined);
      const ping = (await extension.sendFromContentScript(page, { type: "ping", payload: {} })) as { ok: boolean };
      assert.equal(ping.ok, true, JSON.stringify(ping));
      const status = await extension.sendFromContentScript(page, { type: "session.status", payload: {} });
      assert.deepEqual(
        (status as { error?: { code?: string } }).error?.code,
        "forbidden",
        `session.status from a content script: ${JSON.stringify(status)}`,
      );
    } finally {
      await page.close();
    }
  });
});
