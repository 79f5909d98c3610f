import { randomUUID } from "node:crypto";
import { launchFirefox } from "../harness/firefox.ts";
import { atRestCases } from "./at-rest.cases.ts";

// One moz-extension UUID for every launch: the extension's storage is found again after a restart.
const uuid = randomUUID();
atRestCases({ name: "Firefox", launch: (dir) => launchFirefox({ profile: { dir, uuid } }) });
