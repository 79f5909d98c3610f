/**
 * What the badge tests judge: the badges a person would see. The probe (src/content/badge-probe.ts)
 * reads, in the badge code's own world, each tile's badges that the browser lays out and draws, with
 * the words in their closed shadow roots; nothing is read from attributes our code set on the page.
 * DOM tests call it in the test page (`window.domHarness.tiles()`); tests of the real extension ask the
 * content script through an extension page (badges/probe.ts).
 */
import type { TileProbe } from "../../../src/content/badge-probe.ts";
import { accessibleName } from "../../../src/content/badge-view.ts";

export type TileReport = TileProbe;

/** Every member tile on the page with the badges it shows (inside a DOM-harness page; travels as source). */
export function readTiles(): TileReport[] {
  return window.domHarness.tiles();
}

/**
 * Scrolls the virtualized list to `top` (rendered at once), lets the mutation observer run (it is a
 * microtask), and reports every tile: what a user would see before any answer from the background.
 */
export async function scrollAndRead(top: number): Promise<TileReport[]> {
  window.elementLike.scrollTo(top);
  await Promise.resolve();
  return window.domHarness.tiles();
}

/** The badges a person sees on the tile: laid out and drawn. */
export function shown(tile: TileReport): TileReport["badges"] {
  return tile.badges.filter((b) => b.rendered);
}

/**
 * Problems a person could see: a tile holding a badge for anyone but the user in its avatar (drawn or
 * about to be), more than one badge, a badge kept in a drawn tile but not drawn (a ghost), or a badge
 * on a tile a person sees that a click at its centre does not reach.
 */
export function wrongBadges(tiles: TileReport[]): string[] {
  const problems: string[] = [];
  for (const t of tiles) {
    if (t.badges.length > 1) problems.push(`${t.tileUser} has ${t.badges.length} badges`);
    for (const b of t.badges) {
      if (t.tileUser === null || !b.name.startsWith(`${t.tileUser}: `)) problems.push(`tile of ${t.tileUser} holds "${b.name}"`);
      if (t.tileRendered && !b.rendered) problems.push(`${t.tileUser} holds a badge that is not drawn`);
      if (t.tileSeen === true && b.hit === false) problems.push(`the badge on ${t.tileUser} is covered`);
    }
  }
  return problems;
}

/** The accessible name a member's badge must have for these words. */
export const badgeName = accessibleName;
