import { composerCases } from "./composer.cases.ts";
import { launchChromium } from "./harness/chromium.ts";

composerCases("Chromium", () => launchChromium());
