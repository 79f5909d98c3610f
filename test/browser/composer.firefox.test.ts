import { composerCases } from "./composer.cases.ts";
import { launchFirefox } from "./harness/firefox.ts";

composerCases("Firefox ESR", () => launchFirefox());
