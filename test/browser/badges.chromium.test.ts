import { badgeCases } from "./badges.cases.ts";
import { contentScriptRefusals } from "./badges.content-messages.ts";
import { launchChromium } from "./harness/chromium.ts";

badgeCases("Chromium", () => launchChromium(), contentScriptRefusals);
