import { launchFirefox } from "./harness/firefox.ts";
import { fuzzCases } from "./hostile-fuzz.cases.ts";

// The extension-page fuzz; sending from the content script's world needs a handle on that world,
// which Firefox's WebDriver BiDi does not give (script.getRealms lists only window realms).
fuzzCases("Firefox ESR", () => launchFirefox());
