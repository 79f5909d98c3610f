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
