import type { Page } from "playwright-core";
import { launchChromium } from "./harness/chromium.ts";
import { verificationCases } from "./verification.cases.ts";

verificationCases({
  name: "chromium",
  launch: () => launchChromium(),
  prepare: async (popup) => {
    await (popup.raw as Page).setViewportSize({ width: 400, height: 640 });
  },
});
