import { launchFirefox } from "./harness/firefox.ts";
import { alertCases } from "./alerts.cases.ts";

alertCases("Firefox ESR", () => launchFirefox());
