import type { Page } from "puppeteer-core";
import { launchFirefox } from "./harness/firefox.ts";
import { verificationCases } from "./verification.cases.ts";

// Firefox ESR runs the recovery-key and emoji flows.
verificationCases({
  name: "firefox",
  launch: () => launchFirefox(),
  prepare: async (popup) => {
    await (popup.raw as Page).setViewport({ width: 400, height: 640 });
  },
  all: false,
});
