/** The room Element Web shows, read from its URL: `#/room/!id:server` or `#/room/#alias:server`. */
import { isRoomRef } from "../protocol/guards.ts";

const PREFIX = "#/room/";

/** The room ID or alias in an Element Web location hash, or null when no room is open. */
export function roomRefFromHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  // What follows the room may be "/$event" or "?via=…"; neither "/" nor "?" is part of a room ID or server name.
  const raw = hash.slice(PREFIX.length).split(/[/?]/, 1)[0] ?? "";
  let ref: string;
  try {
    ref = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return isRoomRef(ref) ? ref : null;
}

/** The room a page shows and when it changes: Element's URL hash, or a script (the DOM tests). */
export interface RoomInPage {
  current(): string | null;
  /** Calls `listener` on every change; returns the function that stops it. */
  follow(listener: () => void): () => void;
}

/** The room in the window's URL hash, followed through `hashchange`. */
export function roomInHash(win: Window): RoomInPage {
  return {
    current: () => roomRefFromHash(win.location.hash),
    follow(listener) {
      win.addEventListener("hashchange", listener);
      return () => win.removeEventListener("hashchange", listener);
    },
  };
}
