import { badgeCases } from "./badges.cases.ts";
import { launchFirefox } from "./harness/firefox.ts";

badgeCases("Firefox ESR", () => launchFirefox());
