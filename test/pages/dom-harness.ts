/**
 * DOM MECHANICS ONLY: runs the content script's badge logic inside a test page with a STUBBED verdict
 * source, to test and measure how badges follow tiles (mounting, recycling, room switches) and what that
 * costs. It says nothing about trust verdicts; those are tested against the real background and audit.
 */
import { BadgeController } from "../../src/content/badge-controller.ts";
import type { BadgeAnswer } from "../../src/content/verdict-cache.ts";
import type { MemberBadge } from "../../src/protocol/messages.ts";

export interface DomHarness {
  /** Starts the controller; the stub answers every user ID with this table's badge (or nothing). */
  start(badges: Record<string, MemberBadge>): void;
  /** Replaces the stub's table (as a push from the background would) and refreshes. */
  setBadges(badges: Record<string, MemberBadge>): void;
  refresh(): void;
  /** How many requests the stub answered, and how many user IDs they asked for. */
  stats(): { requests: number; ids: number };
  /** Resolves once every pending request was answered and its badges applied. */
  settled(): Promise<void>;
}

declare global {
  interface Window {
    domHarness: DomHarness;
  }
}

let table: Record<string, MemberBadge> = {};
let controller: BadgeController | null = null;
let requests = 0;
let ids = 0;
let pending: Promise<unknown> = Promise.resolve();

const stubSource = (room: string, userIds: string[]): Promise<BadgeAnswer> => {
  requests++;
  ids += userIds.length;
  const answer = Promise.resolve({ roomId: room, members: userIds.flatMap((id) => (table[id] ? [table[id]!] : [])) });
  pending = Promise.all([pending, answer]);
  return answer;
};

window.domHarness = {
  start(badges) {
    table = badges;
    controller = new BadgeController(stubSource);
    controller.start();
  },
  setBadges(badges) {
    table = badges;
    controller?.refresh();
  },
  refresh: () => controller?.refresh(),
  stats: () => ({ requests, ids }),
  async settled() {
    // Requests go out in a microtask after each batch; answers apply in the microtasks after that.
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await pending;
    }
  },
};
