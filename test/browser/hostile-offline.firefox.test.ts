import { launchFirefox } from "./harness/firefox.ts";
import { offlineCases } from "./hostile-offline.cases.ts";

// A one-second idle timeout lets the restart case see Firefox suspend the event page.
offlineCases("Firefox ESR", () => launchFirefox({ idleTimeoutMs: 1000 }));
