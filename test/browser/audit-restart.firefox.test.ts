import { launchFirefox } from "./harness/firefox.ts";
import { auditRestartCases } from "./audit-restart.cases.ts";

// The restart case stops the event page as about:debugging does (harness/firefox.ts).
auditRestartCases("Firefox ESR", () => launchFirefox());
