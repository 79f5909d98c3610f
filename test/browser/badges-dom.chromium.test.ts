import { badgeDomCases } from "./badges-dom.cases.ts";
import { launchPlainChromium } from "./badges/plain-browser.ts";

badgeDomCases("Chromium", launchPlainChromium);
