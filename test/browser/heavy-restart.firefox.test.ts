import { launchFirefox } from "./harness/firefox.ts";
import { heavyRestartCases } from "./heavy-restart.cases.ts";

heavyRestartCases("Firefox", () => launchFirefox());
