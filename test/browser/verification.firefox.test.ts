import type { Page } from "puppeteer-core";
import { launchFirefox } from "./harness/firefox.ts";
import { verificationCases } from "./verification.cases.ts";

// Every flow, as in Chromium: recovery key, emoji, identity change (pin), violation, set-up, reset.
verificationCases({
  name: "firefox",
  launch: () => launchFirefox(),
  prepare: async (popup) => {
    await (popup.raw as Page).setViewport({ width: 400, height: 640 });
  },
});
