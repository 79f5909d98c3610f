import { launchChromium } from "./harness/chromium.ts";
import { lockCases } from "./lock.cases.ts";

lockCases("Chromium", () => launchChromium());
