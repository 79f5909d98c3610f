/**
 * Watches one member-list container and reports, per mutation batch, only the tiles that were added or
 * changed: the work per batch follows the tiles that changed, never the length of the list.
 */
import { TILE_SELECTOR } from "./markup.ts";

export type TilesHandler = (tiles: Set<Element>) => void;

export class TileObserver {
  private readonly observer: MutationObserver;

  constructor(
    private readonly container: Element,
    onTiles: TilesHandler,
    /** Nodes this extension inserted: their own insertion is not a change of Element's. */
    private readonly isOwn: (node: Node) => boolean,
  ) {
    this.observer = new MutationObserver((records) => {
      const tiles = this.tilesIn(records);
      if (tiles.size > 0) onTiles(tiles);
    });
  }

  /** Starts watching; reports every tile already there as one first batch. */
  start(onTiles: TilesHandler): void {
    // Recycled rows keep their element and change the avatar's title: watch that attribute too.
    this.observer.observe(this.container, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["title"],
    });
    const tiles = new Set(this.container.querySelectorAll(TILE_SELECTOR));
    if (tiles.size > 0) onTiles(tiles);
  }

  stop(): void {
    this.observer.disconnect();
  }

  private tilesIn(records: MutationRecord[]): Set<Element> {
    const tiles = new Set<Element>();
    for (const record of records) {
      const target = record.target as Element;
      // A change inside a tile (title changed, avatar or shield re-rendered): that one tile.
      const owner = target.closest?.(TILE_SELECTOR);
      if (owner) {
        if (record.type === "childList" && onlyOwnInsertions(record, this.isOwn)) continue;
        tiles.add(owner);
        continue;
      }
      // New rows or a new list body: the tiles inside what was added.
      for (const node of record.addedNodes) {
        if (!(node instanceof Element) || this.isOwn(node)) continue;
        if (node.matches(TILE_SELECTOR)) tiles.add(node);
        else for (const tile of node.querySelectorAll(TILE_SELECTOR)) tiles.add(tile);
      }
    }
    return tiles;
  }
}

/** Our own badge being inserted; a removal is never skipped, so a badge taken out by the page comes back. */
function onlyOwnInsertions(record: MutationRecord, isOwn: (node: Node) => boolean): boolean {
  if (record.removedNodes.length > 0 || record.addedNodes.length === 0) return false;
  for (const node of record.addedNodes) if (!isOwn(node)) return false;
  return true;
}
