import { launchFirefox } from "./harness/firefox.ts";
import { sessionCases } from "./session.cases.ts";

// A one-second idle timeout lets the restart case see Firefox suspend the event page.
sessionCases({
  name: "Firefox",
  build: "firefox",
  deviceName: "Matrix Trust Auditor (Firefox)",
  launch: (extensionDir) => launchFirefox({ extensionDir, idleTimeoutMs: 1000 }),
});
