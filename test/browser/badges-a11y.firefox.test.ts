import { badgeA11yCases } from "./badges-a11y.cases.ts";
import { launchPlainFirefox } from "./badges/plain-browser.ts";

// The shared layout and keyboard cases only: Firefox's driver (Puppeteer over WebDriver BiDi) exposes no
// accessibility tree and no colour-scheme emulation; axe-core runs in Chromium, as issue 18 asks.
badgeA11yCases("Firefox ESR", launchPlainFirefox);
