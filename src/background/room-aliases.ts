/**
 * Room aliases (#name:server) to room IDs, for the badges and the history filter. The account's own
 * rooms answer first (no request); other aliases are asked of the server once and remembered, so a
 * page or a popup cannot make the background ask again and again.
 */
import type { MatrixClient } from "matrix-js-sdk";

const ALIAS_CACHE_LIMIT = 200;

/** The room ID an alias names (null when the server knows none); one resolver per client. */
export type AliasResolver = (alias: string) => Promise<string | null>;

export function aliasResolver(client: MatrixClient): AliasResolver {
  const cache = new Map<string, string | null>();
  return async (alias) => {
    for (const room of client.getRooms()) {
      if (room.getMyMembership() !== "join") continue;
      if (room.getCanonicalAlias() === alias || room.getAltAliases().includes(alias)) return room.roomId;
    }
    if (cache.has(alias)) return cache.get(alias)!;
    let roomId: string | null;
    try {
      roomId = (await client.getRoomIdForAlias(alias)).room_id;
    } catch {
      roomId = null;
    }
    if (cache.size >= ALIAS_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(alias, roomId);
    return roomId;
  };
}
