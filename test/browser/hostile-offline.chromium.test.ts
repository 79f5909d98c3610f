import { launchChromium } from "./harness/chromium.ts";
import { offlineCases } from "./hostile-offline.cases.ts";

offlineCases("Chromium", () => launchChromium());
