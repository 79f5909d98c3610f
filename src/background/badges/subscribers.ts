/**
 * Tabs whose content script asked about a room, so they can be told when that room's audit changes.
 * Kept in memory: after the background restarts, a content script's own poll brings it up to date.
 */
import browser from "webextension-polyfill";
import { BADGES_CHANGED, type BadgesChangedPush } from "../../protocol/messages.ts";

/** Enough for every open Element tab; the oldest are dropped first. */
const MAX_TABS = 64;

export class BadgeSubscribers {
  private readonly rooms = new Map<number, string>();

  asked(tabId: number, roomId: string): void {
    this.rooms.delete(tabId);
    this.rooms.set(tabId, roomId);
    if (this.rooms.size > MAX_TABS) this.rooms.delete(this.rooms.keys().next().value!);
  }

  /** Tells every tab to ask again, whatever room it shows. */
  allChanged(): void {
    this.roomsChanged(new Set(this.rooms.values()));
  }

  /** Tells each tab showing one of these rooms to ask again. */
  roomsChanged(roomIds: Iterable<string>): void {
    const changed = new Set(roomIds);
    for (const [tabId, roomId] of this.rooms) {
      if (!changed.has(roomId)) continue;
      const push: BadgesChangedPush = { type: BADGES_CHANGED, roomId };
      // A closed tab or a navigated-away page rejects: forget it.
      browser.tabs.sendMessage(tabId, push).catch(() => {
        if (this.rooms.get(tabId) === roomId) this.rooms.delete(tabId);
      });
    }
  }
}
