/**
 * Accessibility of the member-list badges, judged by what the browser shows: layout boxes and hit-testing
 * of the detail, and where focus goes under the keyboard (read by the test probe inside the closed shadow
 * roots, and by the page's own `document.activeElement`). The badge logic runs in the Element-like page
 * with a stubbed verdict source (test/pages/dom-harness.ts): every verdict level shows. Each browser's
 * test file runs these; the Chromium one adds axe-core, the accessibility tree and contrast from pixels.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startPageServer, type PageServer } from "../pages/serve.ts";
import { people, pageRooms, stubTable, ROOM_A } from "./badges/fixtures.ts";
import { openList } from "./badges/open-list.ts";
import type { PlainBrowser, PlainPage } from "./badges/plain-browser.ts";

export interface A11ySuite {
  browser: PlainBrowser;
  server: PageServer;
  /** A badged Element-like member list of `count` members with every verdict level. */
  openBadgedList(count?: number): Promise<PlainPage>;
}

export function badgeA11yCases(browserName: string, launch: () => Promise<PlainBrowser>, extra?: (suite: () => A11ySuite) => void): void {
  describe(`badge accessibility in ${browserName}`, () => {
    const suite = {} as A11ySuite;
    before(async () => {
      suite.server = await startPageServer();
      suite.browser = await launch();
      suite.openBadgedList = (count = 8) => {
        const members = people(count);
        return openList(suite.browser, suite.server, "current", pageRooms(members, [ROOM_A]), stubTable(members, [ROOM_A]));
      };
    });
    after(async () => {
      await suite.browser?.close();
      await suite.server?.close();
    });

    extra?.(() => suite);
  });
}
