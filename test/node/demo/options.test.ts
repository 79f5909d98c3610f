/** `npm start` options: what each flag means, when headless is chosen, and the toolbar pin's extension ID. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hasDisplay, parseOptions, UsageError } from "../../tools/demo/options.ts";
import { unpackedExtensionId } from "../../tools/demo/chromium.ts";

test("no flags: Chromium, visible when a display is named, the live change after 10 s", () => {
  const options = parseOptions([], { DISPLAY: ":0" }, "linux");
  assert.equal(options.browser, "chromium");
  assert.equal(options.headless, false);
  assert.equal(options.headlessReason, null);
  assert.equal(options.liveChangeAfterSeconds, 10);
  assert.equal(options.outputDir, "demo-output");
  assert.equal(options.homeserverPort, 0);
});

test("without DISPLAY or WAYLAND_DISPLAY on Linux the demo runs headless and says why", () => {
  assert.equal(hasDisplay({}, "linux"), false);
  assert.equal(hasDisplay({ WAYLAND_DISPLAY: "wayland-0" }, "linux"), true);
  assert.equal(hasDisplay({}, "darwin"), true);
  const options = parseOptions(["--firefox"], {}, "linux");
  assert.equal(options.browser, "firefox");
  assert.equal(options.headless, true);
  assert.equal(options.headlessReason, "no display");
  assert.equal(parseOptions(["--headless"], { DISPLAY: ":0" }, "linux").headlessReason, "asked");
});

test("values are read, and a malformed or unknown flag is refused by name", () => {
  const options = parseOptions(["--live-after=2.5", "--out=shots", "--homeserver-port=8008"], { DISPLAY: ":0" }, "linux");
  assert.equal(options.liveChangeAfterSeconds, 2.5);
  assert.equal(options.outputDir, "shots");
  assert.equal(options.homeserverPort, 8008);
  for (const bad of ["--live-after=soon", "--homeserver-port=70000", "--homeserver-port=", "--out=", "--firefox=yes", "--verbose"]) {
    assert.throws(() => parseOptions([bad], {}, "linux"), (error: unknown) => error instanceof UsageError && error.message.includes(bad), bad);
  }
  assert.throws(() => parseOptions(["--help"], {}, "linux"), (error: unknown) => error instanceof UsageError && error.message === "");
});

test("the unpacked extension's ID is the one Chromium 156 gave this path", () => {
  // Seen in the service worker's URL when Chromium 156 loaded an extension unpacked at this path.
  assert.equal(unpackedExtensionId("/tmp/mta-extension-id/chrome"), "fcanjenhmejaficfgbcbdkihnapgnaal");
});
