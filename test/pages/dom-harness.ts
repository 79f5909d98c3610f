/**
 * DOM MECHANICS ONLY: runs the content script's badge logic inside a test page with a STUBBED verdict
 * source, to test and measure how badges follow tiles (mounting, recycling, room switches) and what that
 * costs. It says nothing about trust verdicts; those are tested against the real background and audit.
 */
import { BadgeController } from "../../src/content/badge-controller.ts";
import { probeTiles, probeUserInfo, type TileProbe } from "../../src/content/badge-probe.ts";
import type { RenderedUserInfo } from "../../src/content/user-info-view.ts";
import type { BadgeAnswer } from "../../src/content/verdict-cache.ts";
import type { MemberBadge } from "../../src/protocol/messages.ts";
import { roomRefFromHash, type RoomInPage } from "../../src/content/room-ref.ts";

/** Stub answers: room → user ID → badge. */
export type StubTable = Record<string, Record<string, MemberBadge>>;

export interface DomHarness {
  /**
   * Starts the controller; the stub answers each asked user ID from the table (or nothing). With
   * `scriptedRooms`, the room comes from `flipRooms` instead of the URL hash (browsers throttle real
   * hash changes to a few hundred in ten seconds; a script can change the room as fast as it likes).
   */
  start(table: StubTable, options?: { scriptedRooms?: boolean }): void;
  /** Switches the scripted room through `refs` in turn, `count` times, as fast as the page can; ends on the last ref. */
  flipRooms(count: number, refs: string[]): Promise<{ ms: number }>;
  /** Replaces the stub's table (as the audit changing would) and refreshes, as a push does. */
  setTable(table: StubTable): void;
  /** Requests the stub answered, user IDs asked for (in all, and most in one request), tile updates the controller ran. */
  stats(): { requests: number; ids: number; maxIds: number; tilesHandled: number };
  /** What the controller holds (BadgeController.sizes). */
  sizes(): ReturnType<BadgeController["sizes"]> | null;
  /** Resolves once every request made so far was answered and applied. */
  settled(): Promise<void>;
  /** The badges each tile shows, as rendered (src/content/badge-probe.ts). */
  tiles(): TileProbe[];
  /** The user views as rendered. */
  userInfo(): RenderedUserInfo[];
}

declare global {
  interface Window {
    domHarness: DomHarness;
  }
}

let table: StubTable = {};
let controller: BadgeController | null = null;
let requests = 0;
let ids = 0;
let maxIds = 0;
let pending: Promise<unknown> = Promise.resolve();
/** The scripted room (start's `scriptedRooms`): its ref and who follows it. */
let scriptedRef: string | null = null;
const roomListeners = new Set<() => void>();
const scriptedRoom: RoomInPage = {
  current: () => scriptedRef,
  follow(listener) {
    roomListeners.add(listener);
    return () => roomListeners.delete(listener);
  },
};

function stubSource(room: string, userIds: string[], devicesOf?: string): Promise<BadgeAnswer> {
  requests++;
  ids += userIds.length;
  maxIds = Math.max(maxIds, userIds.length);
  const roomTable = table[room] ?? {};
  const badgeOf = (id: string): MemberBadge[] => {
    const badge = roomTable[id];
    if (!badge) return [];
    // Sessions only for the member asked about, as the background answers.
    const { devices, ...rest } = badge;
    return [id === devicesOf && devices ? { ...rest, devices } : rest];
  };
  const answer = Promise.resolve({ roomId: room, members: userIds.flatMap(badgeOf) });
  pending = Promise.all([pending, answer]);
  return answer;
}

window.domHarness = {
  start(next, options = {}) {
    table = next;
    scriptedRef = roomRefFromHash(location.hash);
    controller = options.scriptedRooms ? new BadgeController(stubSource, document, scriptedRoom) : new BadgeController(stubSource);
    controller.start();
  },
  async flipRooms(count, refs) {
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      scriptedRef = refs[i % refs.length]!;
      for (const listener of roomListeners) listener();
      // Each switch is its own event, as a hashchange is: what it started runs before the next one.
      for (let step = 0; step < 4; step++) await Promise.resolve();
      // Now and then the page's timers run too (answers and turns may land).
      if (i % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    scriptedRef = refs[refs.length - 1]!;
    for (const listener of roomListeners) listener();
    return { ms: performance.now() - started };
  },
  setTable(next) {
    table = next;
    controller?.refresh();
  },
  stats: () => ({ requests, ids, maxIds, tilesHandled: controller?.tilesHandled ?? 0 }),
  sizes: () => controller?.sizes() ?? null,
  tiles: () => probeTiles(document),
  userInfo: () => probeUserInfo(document),
  async settled() {
    // Large batches are badged in idle slices and asks are paced: wait for both to be done.
    await controller?.settled();
    // Requests leave in a microtask after each batch; answers apply in the microtasks after that.
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await pending;
    }
  },
};
