import { launchFirefox } from "./harness/firefox.ts";
import { hostileKeysCases } from "./hostile-keys.cases.ts";

hostileKeysCases("Firefox ESR", () => launchFirefox());
