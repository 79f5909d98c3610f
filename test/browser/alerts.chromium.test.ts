import { launchChromium } from "./harness/chromium.ts";
import { alertCases } from "./alerts.cases.ts";

alertCases("Chromium", () => launchChromium());
