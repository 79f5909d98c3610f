import { launchFirefox } from "./harness/firefox.ts";
import { lockCases } from "./lock.cases.ts";

lockCases("Firefox", () => launchFirefox());
