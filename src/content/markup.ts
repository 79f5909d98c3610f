/** Element Web's member-list markup, as far as the badges rely on it (only `mx_*` classes: others are hashed). */

/** Current (virtualized) and legacy member tiles. */
export const TILE_SELECTOR = ".mx_MemberTileView, .mx_EntityTile";
/** Both lists render in the right panel's card with this id. */
export const PANEL_ID = "memberlist-panel";

/**
 * Puts a tile's badge in its place, unless it is there already. Current tiles: last in the tile, right
 * after Element's own shield, and outside `.mx_MemberTileView_right` and `_left`, which Element marks
 * `aria-hidden` (a button in there would be reachable with Tab yet silent to screen readers). Legacy
 * tiles (no aria-hidden parts): first in the tile. Element inserts its own children relative to each
 * other, so ours stays put, and nothing here fights another script over the order.
 */
export function placeBadge(tile: Element, host: Element): void {
  if (tile.matches(".mx_MemberTileView")) {
    if (tile.lastElementChild !== host) tile.append(host);
  } else if (tile.firstElementChild !== host) tile.prepend(host);
}
