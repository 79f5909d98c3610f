import { launchChromium, type ChromiumExtension } from "./harness/chromium.ts";
import { sessionCases } from "./session.cases.ts";

sessionCases({
  name: "Chromium",
  build: "chrome",
  deviceName: "Matrix Trust Auditor (Chrome)",
  launch: (extensionDir) => launchChromium({ extensionDir }),
  async fromContentScript(extension, origin, message) {
    const chromium = extension as ChromiumExtension;
    const page = await chromium.openWebPage(`${origin}/page.html`);
    try {
      return await chromium.sendFromContentScript(page, message);
    } finally {
      await page.close();
    }
  },
});
