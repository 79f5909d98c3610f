import { launchChromium } from "./harness/chromium.ts";
import { heavyRestartCases } from "./heavy-restart.cases.ts";

heavyRestartCases("Chromium", () => launchChromium());
