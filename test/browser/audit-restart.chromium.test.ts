import { launchChromium } from "./harness/chromium.ts";
import { auditRestartCases } from "./audit-restart.cases.ts";

auditRestartCases("Chromium", () => launchChromium());
