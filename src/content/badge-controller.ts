/**
 * Keeps a badge on every member tile of the member list Element Web shows, for the room in the URL:
 * follows the panel as it mounts and unmounts, the room as the hash changes, and each tile as it is
 * recycled for another member. A tile never keeps a badge for someone it no longer shows.
 */
import { BadgeView, HOST_TAG } from "./badge-view.ts";
import { badgeSlotOf, PANEL_ID, TILE_SELECTOR } from "./markup.ts";
import { roomRefFromHash } from "./room-ref.ts";
import { TileObserver } from "./tile-observer.ts";
import { UserInfoTracker } from "./user-info-tracker.ts";
import { userIdOfTile } from "./user-id.ts";
import { VerdictCache, type VerdictSource } from "./verdict-cache.ts";

interface TileState {
  userId: string;
  view: BadgeView;
}

const isOwn = (node: Node): boolean => node instanceof Element && node.localName === HOST_TAG;

export class BadgeController {
  private readonly tiles = new WeakMap<Element, TileState>();
  /** Tiles per user, to update them when a verdict arrives; entries of unmounted tiles are pruned lazily. */
  private readonly tilesByUser = new Map<string, Set<Element>>();
  private cache: VerdictCache | null = null;
  private panel: Element | null = null;
  private tileObserver: TileObserver | null = null;
  private readonly pageObserver: MutationObserver;
  private readonly onHashChange = (): void => this.followRoom();
  private readonly userInfo: UserInfoTracker;

  constructor(
    private readonly source: VerdictSource,
    private readonly doc: Document = document,
  ) {
    this.userInfo = new UserInfoTracker(source, () => this.cache?.room ?? null);
    // Watches whether the member-list panel appeared, went or was replaced (one id lookup per batch),
    // and whether a user view was added (a look at the added nodes only).
    this.pageObserver = new MutationObserver((records) => {
      this.followPanel();
      this.userInfo.follow(records);
    });
  }

  start(): void {
    this.doc.defaultView?.addEventListener("hashchange", this.onHashChange);
    this.pageObserver.observe(this.doc.body ?? this.doc.documentElement, { childList: true, subtree: true });
    this.followRoom();
    this.followPanel();
    this.userInfo.scan(this.doc);
  }

  stop(): void {
    this.doc.defaultView?.removeEventListener("hashchange", this.onHashChange);
    this.pageObserver.disconnect();
    this.tileObserver?.stop();
    this.userInfo.stop();
    this.cache?.close();
    this.clearAll();
  }

  /** Asks the background again for every member on screen (on a push, or on the poll). */
  refresh(): void {
    this.userInfo.refresh();
    if (!this.cache) return;
    this.cache.refresh(this.mountedUsers());
  }

  /** The room the badges are for: the resolved room ID once the background answered, else the URL's ref. */
  get room(): string | null {
    return this.cache ? (this.cache.roomId ?? this.cache.room) : null;
  }

  private followRoom(): void {
    const ref = roomRefFromHash(this.doc.location.hash);
    if (ref === (this.cache?.room ?? null)) return;
    this.cache?.close();
    this.cache = ref ? new VerdictCache(ref, this.source, (ids) => this.onVerdicts(ids)) : null;
    // Another room: no badge of the previous room may stay; re-badge what is shown from the new cache.
    this.clearAll();
    this.userInfo.refresh();
    if (this.panel) this.handleTiles(new Set(this.panel.querySelectorAll(TILE_SELECTOR)));
  }

  private followPanel(): void {
    const panel = this.doc.getElementById(PANEL_ID);
    if (panel === this.panel) return;
    this.tileObserver?.stop();
    this.tileObserver = null;
    this.panel = panel;
    if (!panel) return;
    this.tileObserver = new TileObserver(panel, (tiles) => this.handleTiles(tiles), isOwn);
    this.tileObserver.start((tiles) => this.handleTiles(tiles));
  }

  /** How many tile updates ran since start: the bench and tests check the work follows the changes. */
  tilesHandled = 0;

  private handleTiles(tiles: Set<Element>): void {
    for (const tile of tiles) {
      if (!tile.isConnected) continue;
      this.tilesHandled++;
      this.updateTile(tile);
    }
  }

  private updateTile(tile: Element): void {
    const userId = this.cache ? userIdOfTile(tile) : null;
    let state = this.tiles.get(tile);
    if (!userId) {
      // A 3pid invite, or no room open: no badge at all.
      if (state) this.forget(tile, state);
      return;
    }
    if (!state) {
      state = { userId, view: new BadgeView() };
      this.tiles.set(tile, state);
      this.index(userId, tile);
    } else if (state.userId !== userId) {
      // A recycled row now shows someone else: drop the old badge before anything else.
      state.view.clear();
      this.unindex(state.userId, tile);
      state.userId = userId;
      this.index(userId, tile);
    }
    const slot = badgeSlotOf(tile);
    // First in the slot: Element inserts its own children relative to each other, so ours stays put,
    // and nothing here fights another script over the order.
    if (state.view.host.parentNode !== slot) slot.prepend(state.view.host);
    this.render(state);
  }

  private render(state: TileState): void {
    const badge = this.cache?.get(state.userId);
    if (badge) state.view.show(badge);
    else state.view.clear();
    if (badge === undefined) this.cache?.want(state.userId);
  }

  private onVerdicts(userIds: Set<string>): void {
    for (const userId of userIds) {
      const tiles = this.tilesByUser.get(userId);
      if (!tiles) continue;
      for (const tile of tiles) {
        const state = this.tiles.get(tile);
        if (!tile.isConnected || !state || state.userId !== userId) {
          tiles.delete(tile);
          continue;
        }
        this.render(state);
      }
      if (tiles.size === 0) this.tilesByUser.delete(userId);
    }
  }

  private mountedUsers(): string[] {
    const users: string[] = [];
    for (const [userId, tiles] of this.tilesByUser) {
      for (const tile of tiles) if (!tile.isConnected) tiles.delete(tile);
      if (tiles.size === 0) this.tilesByUser.delete(userId);
      else users.push(userId);
    }
    return users;
  }

  private forget(tile: Element, state: TileState): void {
    state.view.clear();
    state.view.host.remove();
    this.unindex(state.userId, tile);
    this.tiles.delete(tile);
  }

  private clearAll(): void {
    for (const [userId, tiles] of this.tilesByUser) {
      for (const tile of tiles) {
        const state = this.tiles.get(tile);
        if (state) this.forget(tile, state);
      }
      this.tilesByUser.delete(userId);
    }
  }

  private index(userId: string, tile: Element): void {
    let set = this.tilesByUser.get(userId);
    if (!set) this.tilesByUser.set(userId, (set = new Set()));
    set.add(tile);
  }

  private unindex(userId: string, tile: Element): void {
    const set = this.tilesByUser.get(userId);
    set?.delete(tile);
    if (set?.size === 0) this.tilesByUser.delete(userId);
  }
}
