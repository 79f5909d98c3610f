import { launchFirefox } from "./harness/firefox.ts";
import { offlineCases } from "./hostile-offline.cases.ts";

// A five-second idle timeout lets the restart case see Firefox suspend the event page. (One second,
// as the other Firefox restart tests use, is shorter than the gaps between this test's looks, so
// Firefox would suspend and restart the background all through the outage.)
offlineCases("Firefox ESR", () => launchFirefox({ idleTimeoutMs: 5000 }));
