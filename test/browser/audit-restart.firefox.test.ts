import { launchFirefox } from "./harness/firefox.ts";
import { auditRestartCases } from "./audit-restart.cases.ts";

// A one-second idle timeout lets the restart case see Firefox suspend the event page.
auditRestartCases("Firefox ESR", () => launchFirefox({ idleTimeoutMs: 1000 }));
