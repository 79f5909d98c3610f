import { launchChromium } from "../harness/chromium.ts";
import { atRestCases } from "./at-rest.cases.ts";

atRestCases({ name: "Chromium", launch: (userDataDir) => launchChromium({ userDataDir }) });
