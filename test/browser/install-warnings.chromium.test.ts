import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launchChromium, type ChromiumExtension } from "./harness/chromium.ts";

// What Chrome tells people when they install the shipped extension, asked of Chrome itself
// (management.getPermissionWarningsByManifest). The user guide and the store listing quote these
// lines; a new permission that adds a warning must change them too. Firefox has no such API.
type Manifest = Record<string, unknown>;
const { manifestFor } = (await import(new URL("../../build.mjs", import.meta.url).href)) as {
  manifestFor: (browser: string, source: Manifest) => Manifest;
};
const shipped = manifestFor("chrome", JSON.parse(readFileSync(new URL("../../manifest.json", import.meta.url), "utf8")));

let extension: ChromiumExtension;
before(async () => {
  extension = await launchChromium();
});
after(async () => {
  await extension?.close();
});

async function warningsFor(manifest: Manifest): Promise<string[]> {
  const page = await extension.openExtensionPage();
  try {
    return await page.evaluate(
      (text) => (globalThis as unknown as { chrome: { management: { getPermissionWarningsByManifest(m: string): Promise<string[]> } } })
        .chrome.management.getPermissionWarningsByManifest(text),
      JSON.stringify(manifest),
    );
  } finally {
    await page.close();
  }
}

test("installing shows two warnings: Element's site and notifications; homeservers are asked for later", async () => {
  assert.deepEqual(await warningsFor(shipped), ["Read and change your data on app.element.io", "Display notifications"]);
});

test("granting a homeserver asks for that one site only", async () => {
  const granted = { ...shipped, content_scripts: [], permissions: [], host_permissions: ["https://matrix.example.org/*"] };
  assert.deepEqual(await warningsFor(granted), ["Read and change your data on matrix.example.org"]);
});
