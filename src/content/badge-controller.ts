/**
 * Keeps a badge on every member tile of the member list Element Web shows, for the room in the URL:
 * follows the panel as it mounts and unmounts, the room as the hash changes, and each tile as it is
 * recycled for another member. A tile never keeps a badge for someone it no longer shows.
 * A hostile page cannot make it work without bound: a batch updates at most TILES_AT_ONCE tiles at once
 * and leaves the rest for idle slices (their badges hidden until then), and asks are paced (ask-pacer.ts).
 * Badges appear in frame-paced slices: a frame shows as many as its measured cost says fit in FRAME_MS,
 * the browser's style and layout of them included, so a thousand badges never make one long task.
 */
import { AskPacer } from "./ask-pacer.ts";
import { BadgeView, HOST_TAG } from "./badge-view.ts";
import { PANEL_ID, placeBadge, TILE_SELECTOR } from "./markup.ts";
import { roomInHash, type RoomInPage } from "./room-ref.ts";
import { TileObserver } from "./tile-observer.ts";
import { UserInfoTracker } from "./user-info-tracker.ts";
import { userIdOfTile } from "./user-id.ts";
import { VerdictCache, type VerdictSource } from "./verdict-cache.ts";

interface TileState {
  userId: string;
  /** Made when there is a badge to show: tiles of users with no verdict (not members) carry none. */
  view: BadgeView | null;
}

const isOwn = (node: Node): boolean => node instanceof Element && node.localName === HOST_TAG;

/** Tiles updated at once per mutation batch; Element changes a few dozen, a flood waits for idle slices. */
export const TILES_AT_ONCE = 200;
/** Badges on the page at once: far more than any member list Element shows; a flood gets no more. */
export const MAX_BADGES = 5000;
/** Time given to waiting tiles per slice. */
const SLICE_MS = 8;
/** Index entries of tiles the page removed are swept once the index doubled since the last sweep. */
const SWEEP_FLOOR = 1024;
/** A frame that shows badges should take at most this long, their scripts, style, layout and paint included. */
const FRAME_MS = 12;
/**
 * Badges a frame shows before one was measured, and never fewer however slow the frames (a slow machine
 * still gets its badges): a scroll step changes a few dozen rows, shown at once.
 */
const MIN_PER_FRAME = 24;

export class BadgeController {
  private readonly tiles = new WeakMap<Element, TileState>();
  /** Tiles per user, to update them when a verdict arrives; entries of unmounted tiles are pruned lazily. */
  private readonly tilesByUser = new Map<string, Set<Element>>();
  private cache: VerdictCache | null = null;
  private panel: Element | null = null;
  private tileObserver: TileObserver | null = null;
  private readonly pageObserver: MutationObserver;
  private stopFollowingRoom: (() => void) | null = null;
  private readonly userInfo: UserInfoTracker;
  /** Tiles of large batches, updated in idle slices. */
  private readonly waiting = new Set<Element>();
  private drainScheduled = false;
  private indexedTiles = 0;
  private sweepAt = SWEEP_FLOOR;
  private readonly pacer = new AskPacer();
  private badges = 0;
  /** Tiles whose known badge waits for a frame, and how many more the current frame may show. */
  private readonly toShow = new Set<Element>();
  private perFrame = MIN_PER_FRAME;
  private showsLeft = MIN_PER_FRAME;
  private frameScheduled = false;

  /** Requests the badges and the user view made (the content script's source may still refuse to send them). */
  private asks = 0;
  private readonly source: VerdictSource;

  constructor(
    source: VerdictSource,
    private readonly doc: Document = document,
    /** The room shown: Element's URL hash (a DOM test may script it). */
    private readonly roomInPage: RoomInPage = roomInHash(doc.defaultView ?? window),
  ) {
    this.source = (room, userIds, devicesOf) => {
      this.asks++;
      return source(room, userIds, devicesOf);
    };
    this.userInfo = new UserInfoTracker(this.source, () => this.cache?.room ?? null, this.pacer);
    // Watches whether the member-list panel appeared, went or was replaced (one id lookup per batch),
    // and whether a user view was added (a look at the added nodes only).
    this.pageObserver = new MutationObserver((records) => {
      this.followPanel();
      this.userInfo.follow(records);
    });
  }

  start(): void {
    this.stopFollowingRoom?.();
    this.stopFollowingRoom = this.roomInPage.follow(() => this.followRoom());
    this.pageObserver.observe(this.doc.body ?? this.doc.documentElement, { childList: true, subtree: true });
    this.followRoom();
    this.followPanel();
    this.userInfo.scan(this.doc);
  }

  /**
   * Stops following the page and removes every badge and cached verdict (sign-out, account switch, lock,
   * or an Element tab signed in as someone else); `start()` begins again from nothing.
   */
  stop(): void {
    this.stopFollowingRoom?.();
    this.stopFollowingRoom = null;
    this.pageObserver.disconnect();
    this.tileObserver?.stop();
    this.tileObserver = null;
    this.panel = null;
    this.userInfo.stop();
    this.cache?.close();
    this.waiting.clear();
    this.clearAll();
    this.cache = null;
  }

  /** What it holds, for tests and the bench: each bounded by a constant or by the tiles on the page. */
  sizes(): { badges: number; waitingTiles: number; indexedTiles: number; shownUsers: number; knownVerdicts: number; wantedUsers: number; asks: number; queuedAsks: number } {
    const cache = this.cache?.sizes ?? { known: 0, wanted: 0 };
    return { badges: this.badges, waitingTiles: this.waiting.size, indexedTiles: this.indexedTiles, shownUsers: this.tilesByUser.size,
      knownVerdicts: cache.known, wantedUsers: cache.wanted, asks: this.asks, queuedAsks: this.pacer.waiting };
  }

  /** Resolves once no tile waits, no ask is queued or on its way, and no badge waits for a frame (tests and the bench wait for it). */
  async settled(): Promise<void> {
    while (this.waiting.size > 0 || this.toShow.size > 0 || this.cache?.busy || this.userInfo.busy) await new Promise((resolve) => setTimeout(resolve, 10));
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
    const ref = this.roomInPage.current();
    if (ref === (this.cache?.room ?? null)) return;
    this.cache?.close();
    // As a request leaves, a slice of waiting tiles is read first: the first request for a freshly mounted
    // list then carries all of it, where the rest would have waited for the pacer's next turn.
    this.cache = ref
      ? new VerdictCache(ref, this.source, (ids) => this.onVerdicts(ids), (id) => this.tilesByUser.has(id), this.pacer, () => this.drain(SLICE_MS))
      : null;
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
    let budget = TILES_AT_ONCE;
    for (const tile of tiles) {
      if (budget > 0) {
        this.waiting.delete(tile);
        if (this.handleTile(tile)) budget--;
        continue;
      }
      // Later, in an idle slice; until then its badge may be for someone the tile no longer shows.
      this.waiting.add(tile);
      this.tiles.get(tile)?.view?.clear();
    }
    this.sweepIfGrown();
    this.scheduleDrain();
  }

  private handleTile(tile: Element): boolean {
    if (!tile.isConnected) return false;
    this.tilesHandled++;
    this.updateTile(tile);
    return true;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.waiting.size === 0) return;
    this.drainScheduled = true;
    const run = (deadline?: IdleDeadline): void => {
      this.drainScheduled = false;
      this.drain(deadline && !deadline.didTimeout ? Math.min(deadline.timeRemaining(), SLICE_MS) : SLICE_MS);
      this.scheduleDrain();
    };
    const win = this.doc.defaultView;
    // Idle time when the page leaves some; a page that never idles still gets a slice every 100 ms.
    if (win && typeof win.requestIdleCallback === "function") win.requestIdleCallback(run, { timeout: 100 });
    else setTimeout(run, 16);
  }

  private drain(sliceMs: number): void {
    const end = performance.now() + Math.max(sliceMs, 1);
    let done = 0;
    for (const tile of this.waiting) {
      this.waiting.delete(tile);
      this.handleTile(tile);
      if (++done % 32 === 0 && performance.now() > end) break;
    }
    this.sweepIfGrown();
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
      state = { userId, view: null };
      this.tiles.set(tile, state);
      this.index(userId, tile);
    } else if (state.userId !== userId) {
      // A recycled row now shows someone else: drop the old badge before anything else.
      state.view?.clear();
      this.unindex(state.userId, tile);
      state.userId = userId;
      this.index(userId, tile);
    }
    // Put back where Element's re-render (or a page script) took it out; a cleared badge stays out.
    if (state.view?.badge) placeBadge(tile, state.view.host);
    this.render(tile, state);
  }

  private render(tile: Element, state: TileState): void {
    const badge = this.cache?.get(state.userId);
    if (badge) {
      // A badge to make or change waits for a frame with room for it; one already shown is put back at once.
      if (state.view?.badge !== badge && !this.mayShow()) this.toShow.add(tile);
      else {
        this.toShow.delete(tile);
        const view = this.viewOf(state);
        view?.show(badge);
        if (view) placeBadge(tile, view.host);
      }
    }
    // Undefined: not asked yet, or dropped from the bounded cache; a badge shown is this user's (a tile
    // that changed user was cleared), so it stays until the answer.
    else if (badge === null || !this.cache) state.view?.clear();
    if (badge === undefined) this.cache?.want(state.userId);
  }

  /** Takes one of this frame's shows if any is left; a frame is scheduled to follow up either way. */
  private mayShow(): boolean {
    this.scheduleFrame();
    if (this.showsLeft <= 0) return false;
    this.showsLeft--;
    return true;
  }

  private scheduleFrame(): void {
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    const win = this.doc.defaultView ?? window;
    const frame = win.requestAnimationFrame(() => {
      win.clearTimeout(timer);
      this.showFrame();
    });
    // A hidden page draws no frames: a timer then (nothing drawn, no rendering to spread). A visible page's
    // slow frame is waited for: badges added meanwhile would all land in that frame.
    const wait = (): number => win.setTimeout(() => {
      if (!this.doc.hidden) timer = wait();
      else {
        win.cancelAnimationFrame(frame);
        this.showFrame();
      }
    }, 100);
    let timer = wait();
  }

  /**
   * Right before the browser renders a frame: shows waiting badges with the shows this frame has left.
   * Once the frame is rendered, its cost (the shows' scripts, style, layout, paint) sets the next frames' shows.
   */
  private showFrame(): void {
    const started = performance.now();
    for (const tile of this.toShow) {
      if (this.showsLeft <= 0) break;
      this.toShow.delete(tile);
      const state = this.tiles.get(tile);
      if (state && tile.isConnected) this.render(tile, state);
    }
    const shown = this.perFrame - this.showsLeft;
    setTimeout(() => {
      if (shown > 0) {
        // Scaled by the time ratio to the power 1.5: part of a frame's cost does not grow with its badges
        // (the page's own layout), so plain proportion would approach the fit only slowly.
        const fit = Math.floor(shown * (FRAME_MS / Math.max(performance.now() - started, 1)) ** 1.5);
        this.perFrame = Math.max(MIN_PER_FRAME, Math.min(fit, 2 * this.perFrame, TILES_AT_ONCE));
      }
      this.showsLeft = this.perFrame;
      this.frameScheduled = false;
      if (this.toShow.size > 0) this.scheduleFrame();
    }, 0);
  }

  /** The tile's badge, made now if there is room: past MAX_BADGES a flood's further tiles get none. */
  private viewOf(state: TileState): BadgeView | null {
    if (!state.view) {
      if (this.badges >= MAX_BADGES) return null;
      state.view = new BadgeView();
      this.badges++;
    }
    return state.view;
  }

  private onVerdicts(userIds: Set<string>): void {
    for (const userId of userIds) {
      const tiles = this.tilesByUser.get(userId);
      if (!tiles) continue;
      for (const tile of tiles) {
        const state = this.tiles.get(tile);
        if (!tile.isConnected || !state || state.userId !== userId) {
          this.unindex(userId, tile);
          continue;
        }
        // Shown in the frames to come: an answer for a whole list must not make one long task.
        this.toShow.add(tile);
      }
    }
    this.scheduleFrame();
  }

  private mountedUsers(): string[] {
    this.sweep();
    return [...this.tilesByUser.keys()];
  }

  /** Drops index entries of tiles no longer on the page (the page may remove and add tiles without end). */
  private sweep(): void {
    for (const [userId, tiles] of this.tilesByUser) {
      for (const tile of tiles) {
        if (tile.isConnected) continue;
        const state = this.tiles.get(tile);
        if (state) this.forget(tile, state);
        else this.unindex(userId, tile);
      }
    }
    this.sweepAt = Math.max(SWEEP_FLOOR, 2 * this.indexedTiles);
  }

  private sweepIfGrown(): void {
    if (this.indexedTiles > this.sweepAt) this.sweep();
  }

  private forget(tile: Element, state: TileState): void {
    this.toShow.delete(tile);
    if (state.view) {
      state.view.clear();
      state.view = null;
      this.badges--;
    }
    this.unindex(state.userId, tile);
    this.tiles.delete(tile);
  }

  private clearAll(): void {
    this.toShow.clear();
    for (const [userId, tiles] of this.tilesByUser) {
      for (const tile of tiles) {
        const state = this.tiles.get(tile);
        if (state) this.forget(tile, state);
        else this.unindex(userId, tile);
      }
    }
  }

  private index(userId: string, tile: Element): void {
    let set = this.tilesByUser.get(userId);
    if (!set) this.tilesByUser.set(userId, (set = new Set()));
    if (set.has(tile)) return;
    set.add(tile);
    this.indexedTiles++;
  }

  private unindex(userId: string, tile: Element): void {
    const set = this.tilesByUser.get(userId);
    if (!set?.delete(tile)) return;
    this.indexedTiles--;
    if (set.size > 0) return;
    this.tilesByUser.delete(userId);
    this.cache?.unwant(userId);
  }
}
