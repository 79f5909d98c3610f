import { launchFirefox } from "./harness/firefox.ts";
import { offlineCases } from "./hostile-offline.cases.ts";

// The restart case stops the event page as about:debugging does (harness/firefox.ts).
offlineCases("Firefox ESR", () => launchFirefox());
