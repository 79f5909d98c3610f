import { launchFirefox } from "./harness/firefox.ts";
import { sessionCases } from "./session.cases.ts";

// The restart case stops the event page as about:debugging does (harness/firefox.ts).
sessionCases({
  name: "Firefox",
  build: "firefox",
  deviceName: "Matrix Trust Auditor (Firefox)",
  launch: (extensionDir) => launchFirefox({ extensionDir }),
});
