/** Element Web's member-list markup, as far as the badges rely on it (only `mx_*` classes: others are hashed). */

/** Current (virtualized) and legacy member tiles. */
export const TILE_SELECTOR = ".mx_MemberTileView, .mx_EntityTile";
/** Both lists render in the right panel's card with this id. */
export const PANEL_ID = "memberlist-panel";

/** Where a tile's badge goes: beside Element's own shield, or at the end of a legacy tile. */
export function badgeSlotOf(tile: Element): Element {
  return tile.querySelector(":scope > .mx_MemberTileView_right") ?? tile;
}
