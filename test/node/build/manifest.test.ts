import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

// build.mjs is plain JavaScript (it runs before anything is compiled); this is the part tested here.
type Manifest = Record<string, any>;
const buildScript: string = new URL("../../../build.mjs", import.meta.url).href;
const { manifestFor } = (await import(buildScript)) as {
  manifestFor: (browser: string, source: Manifest, testOrigins?: string[]) => Manifest;
};

const source = JSON.parse(readFileSync(new URL("../../../manifest.json", import.meta.url), "utf8"));
const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";

test("Chrome gets a module service worker and no Firefox settings", () => {
  const chrome = manifestFor("chrome", source);
  assert.deepEqual(chrome.background, { service_worker: "background.js", type: "module" });
  assert.equal(chrome.browser_specific_settings, undefined);
  assert.equal(chrome.content_security_policy.extension_pages, CSP);
  // matrix-js-sdk needs Promise.withResolvers (Chrome 119); the build targets Chrome 120.
  assert.equal(chrome.minimum_chrome_version, "120");
});

test("Firefox gets a module event page and its add-on settings", () => {
  const firefox = manifestFor("firefox", source);
  assert.deepEqual(firefox.background, { scripts: ["background.js"], type: "module" });
  const gecko = firefox.browser_specific_settings.gecko;
  // 142: without a gecko_android entry, addons.mozilla.org checks this version against Firefox for
  // Android too, which knows data_collection_permissions from 142 (desktop from 140).
  assert.equal(gecko.strict_min_version, "142.0");
  assert.deepEqual(gecko.data_collection_permissions, { required: ["none"] });
  // The add-on's identity on addons.mozilla.org: generated once, never to change.
  assert.equal(gecko.id, "{33e59ddc-379d-492e-b258-2c5c241b5d44}");
  // Nothing tests Firefox for Android, so the manifest does not claim it.
  assert.deepEqual(Object.keys(firefox.browser_specific_settings), ["gecko"]);
  assert.equal(firefox.minimum_chrome_version, undefined);
  assert.equal(firefox.content_security_policy.extension_pages, CSP);
});

test("name and description come from _locales/en/messages.json", () => {
  const messages = JSON.parse(readFileSync(new URL("../../../_locales/en/messages.json", import.meta.url), "utf8"));
  for (const browser of ["chrome", "firefox"]) {
    const manifest = manifestFor(browser, source);
    assert.equal(manifest.default_locale, "en");
    assert.equal(manifest.name, "__MSG_extensionName__");
    assert.equal(manifest.action.default_title, "__MSG_extensionName__");
    assert.equal(manifest.description, "__MSG_extensionDescription__");
  }
  assert.equal(messages.extensionName.message, "Matrix Trust Auditor");
  // Chrome refuses a description over 132 characters.
  assert.ok(messages.extensionDescription.message.length <= 132);
});

/** Every permission the extension asks for, and why; a new one needs its reason here. */
const JUSTIFIED_PERMISSIONS: Record<string, string> = {
  alarms: "keeps the audit fresh while the browser runs, without keeping the background alive",
  scripting: "registers the badges' content script on self-hosted Element origins the user enables",
  storage: "storage.session holds the unwrapped data key of a passphrase-locked session in memory while the browser runs",
  notifications: "tells the user when another device or person asks to verify, or the recovery key is needed",
};

test("least privilege: no host permissions up front, homeservers asked for at run time", () => {
  // Any https server, and plain http only on this computer (a test or development homeserver).
  const optional = ["https://*/*", "http://localhost/*", "http://127.0.0.1/*", "http://[::1]/*"];
  for (const browser of ["chrome", "firefox"]) {
    const manifest = manifestFor(browser, source);
    assert.equal(manifest.host_permissions, undefined);
    assert.deepEqual([...manifest.permissions].sort(), Object.keys(JUSTIFIED_PERMISSIONS).sort());
    assert.deepEqual(manifest.optional_host_permissions, optional);
    assert.ok(!JSON.stringify(manifest).includes("<all_urls>"));
    assert.deepEqual(manifest.content_scripts.map((c: { matches: string[] }) => c.matches), [["https://app.element.io/*"]]);
  }
});

test("a test build adds its origins to the content script, and only there", () => {
  const shipped = manifestFor("chrome", source);
  const testBuild = manifestFor("chrome", source, ["http://127.0.0.1/*"]);
  assert.deepEqual(testBuild.content_scripts[0].matches, ["https://app.element.io/*", "http://127.0.0.1/*"]);
  assert.deepEqual(shipped.content_scripts[0].matches, ["https://app.element.io/*"]);
  assert.deepEqual({ ...testBuild, content_scripts: undefined }, { ...shipped, content_scripts: undefined });
});
