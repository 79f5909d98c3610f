import { foundationCases } from "./foundation.cases.ts";
import { launchFirefox } from "./harness/firefox.ts";

// A one-second idle timeout lets the lifecycle case see Firefox suspend the event page.
foundationCases("Firefox", () => launchFirefox({ idleTimeoutMs: 1000 }));
