/** Opens an Element-like member list in a plain browser, badged by the badge logic with a stubbed verdict source. */
import type { PageServer } from "../../pages/serve.ts";
import type { PageRooms } from "../../pages/members.ts";
import type { StubTable } from "../../pages/dom-harness.ts";
import type { PlainBrowser, PlainPage } from "./plain-browser.ts";
import { ROOM_A } from "./fixtures.ts";

/** Opens `layout`.html on `room`, starts the badges from `table`, and waits until they are drawn. */
export async function openList(
  browser: PlainBrowser,
  server: PageServer,
  layout: "current" | "legacy",
  rooms: PageRooms,
  table: StubTable,
  room = ROOM_A,
): Promise<PlainPage> {
  const page = await browser.open(`${server.origin}/${layout}.html#/room/${room}`);
  await page.addScript(`${server.origin}/dom-harness.js`);
  await page.evaluate(({ rooms, table }) => {
    window.elementLike.setRooms(rooms);
    window.domHarness.start(table);
  }, { rooms, table });
  await page.evaluate(() => window.domHarness.settled(), undefined);
  return page;
}
