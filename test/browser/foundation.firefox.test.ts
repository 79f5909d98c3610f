import { foundationCases } from "./foundation.cases.ts";
import { launchFirefox } from "./harness/firefox.ts";

// The lifecycle case stops the event page as about:debugging does (harness/firefox.ts).
foundationCases("Firefox", () => launchFirefox());
