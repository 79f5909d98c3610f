/**
 * A HOSTILE page for the flood tests: Element's member-list markup (the same tile builder as the
 * current list), but not virtualized — it mounts tens of thousands of tiles at once, then mutates them
 * without pause (avatar titles flipped to new and known user IDs, names changed, tiles moved, tiles
 * replaced by new ones). A heartbeat (a timer and animation frames) measures how responsive it stays.
 * `?hidden` keeps the list out of rendering (display: none): the page's own layout of 50,000 tiles then
 * costs nothing, its changes come fast, and the main thread's time is the scripts' (the page's and ours).
 */
import { renderTile, updateTile } from "./current-tile.ts";
import { el, type PageMember } from "./members.ts";

export interface Heartbeat {
  /** Timer ticks (every 20 ms when nothing blocks the page) and their largest gap. */
  ticks: number;
  maxTickGapMs: number;
  /** Animation frames and their largest gap. */
  frames: number;
  maxFrameGapMs: number;
}

export interface ChurnResult extends Heartbeat {
  /** DOM changes the page made. */
  mutations: number;
  elapsedMs: number;
  tiles: number;
}

export interface FloodPage {
  /**
   * Mounts `count` tiles at once: `real` (members of the room) first, then every other tile shows one
   * of them again for the first `realShare` of the list, the rest made-up `@floodN:` IDs.
   */
  mount(count: number, real: PageMember[], realShare?: number): number;
  /** Mutates the tiles without pause for `ms` (yielding every few hundred changes, as a busy app does). */
  churn(ms: number): Promise<ChurnResult>;
  /** Starts the heartbeat afresh; `heartbeat()` reads it. */
  resetHeartbeat(): void;
  heartbeat(): Heartbeat;
  tileCount(): number;
}

declare global {
  interface Window {
    flood: FloodPage;
  }
}

const TICK_MS = 20;
const CHANGES_PER_TURN = 400;

const hidden = new URLSearchParams(location.search).has("hidden");
const body = el("div", { "data-testid": "flood-list" });
const panel = el("div", { class: "mx_BaseCard mx_MemberListView", id: "memberlist-panel", role: "tabpanel" },
  el("div", { class: "mx_MemberListView_container" },
    el("div", { role: "listbox", "aria-label": "Room members", style: `height: 640px; overflow-y: auto;${hidden ? " display: none;" : ""}` }, body)));
document.getElementById("right-panel")!.prepend(panel);

let members: PageMember[] = [];
/** The tiles, in an array: picking from the live child list would cost the page a walk per change. */
let tiles: HTMLElement[] = [];
let fresh = 0;
let seed = 1;
/** A small deterministic generator: the same flood every run. */
const random = (below: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % below;
};

const beat = { ticks: 0, maxTickGapMs: 0, frames: 0, maxFrameGapMs: 0, lastTick: 0, lastFrame: 0 };
function resetHeartbeat(): void {
  const now = performance.now();
  Object.assign(beat, { ticks: 0, maxTickGapMs: 0, frames: 0, maxFrameGapMs: 0, lastTick: now, lastFrame: now });
}
setInterval(() => {
  const now = performance.now();
  beat.maxTickGapMs = Math.max(beat.maxTickGapMs, now - beat.lastTick);
  beat.lastTick = now;
  beat.ticks++;
}, TICK_MS);
const onFrame = (now: number): void => {
  beat.maxFrameGapMs = Math.max(beat.maxFrameGapMs, now - beat.lastFrame);
  beat.lastFrame = now;
  beat.frames++;
  requestAnimationFrame(onFrame);
};
requestAnimationFrame(onFrame);
const heartbeat = (): Heartbeat => ({ ticks: beat.ticks, maxTickGapMs: Math.round(beat.maxTickGapMs),
  frames: beat.frames, maxFrameGapMs: Math.round(beat.maxFrameGapMs) });

function memberAt(i: number): PageMember {
  return members[i % members.length]!;
}

/** One hostile change to a random tile. */
function change(): void {
  const index = random(tiles.length);
  const tile = tiles[index]!;
  const avatar = tile.querySelector(".mx_BaseAvatar")!;
  switch (random(5)) {
    case 0: // a user ID never seen before
      avatar.setAttribute("title", `@churn${fresh++}:localhost`);
      break;
    case 1: // another member's ID, back and forth
      avatar.setAttribute("title", memberAt(random(members.length)).userId ?? "@flood0:localhost");
      break;
    case 2: // a re-render with a new name for the same member (text and attributes change, elements stay)
      updateTile(tile, { ...memberAt(random(members.length)), displayName: `Name ${fresh++}` });
      break;
    case 3: // moved: removed and added again elsewhere
      body.insertBefore(tile, tiles[random(tiles.length)]!);
      break;
    default: { // replaced by a new tile
      const next = renderTile(memberAt(random(members.length)));
      tile.replaceWith(next);
      tiles[index] = next;
    }
  }
}

window.flood = {
  mount(count, real, realShare = 0) {
    members = [...real];
    const repeated = Math.floor(count * realShare);
    for (let i = members.length; i < count; i++)
      members.push(i < repeated && i % 2 === 0 ? real[i % real.length]! : { userId: `@flood${i}:localhost`, displayName: `Flood ${i}` });
    tiles = members.map((member) => renderTile({ ...member, e2e: undefined }));
    const fragment = document.createDocumentFragment();
    fragment.append(...tiles);
    body.replaceChildren(fragment);
    return body.children.length;
  },
  async churn(ms) {
    resetHeartbeat();
    const start = performance.now();
    let mutations = 0;
    while (performance.now() - start < ms) {
      for (let i = 0; i < CHANGES_PER_TURN && tiles.length > 0; i++, mutations++) change();
      // Yield to the event loop (a task, not a frame): the page stays as busy as a page can be.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return { ...heartbeat(), mutations, elapsedMs: Math.round(performance.now() - start), tiles: body.children.length };
  },
  resetHeartbeat,
  heartbeat,
  tileCount: () => body.children.length,
};
resetHeartbeat();
document.body.dataset.pageReady = "true";
