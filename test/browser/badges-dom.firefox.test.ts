import { badgeDomCases } from "./badges-dom.cases.ts";
import { launchPlainFirefox } from "./badges/plain-browser.ts";

badgeDomCases("Firefox ESR", launchPlainFirefox);
