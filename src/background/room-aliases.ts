/**
 * Room aliases (#name:server) to room IDs, for the badges and the history filter. An alias is what the
 * homeserver's room directory says (GET /directory/room/{alias}), asked once and remembered, so a page
 * or a popup cannot make the background ask again and again. A room's own state claiming an alias
 * (canonical or alt alias) is not enough: any member who may send state can claim any alias, and a room
 * of another server may claim one of ours. So when two joined rooms claim the alias, or the one that
 * claims it is not the room the directory names, the alias resolves to nothing (no badges for it).
 * The caller still accepts the result only when it is a room the account has joined.
 */
import type { MatrixClient } from "matrix-js-sdk";

const ALIAS_CACHE_LIMIT = 200;

/** The room ID an alias names (null when the server knows none); one resolver per client. */
export type AliasResolver = (alias: string) => Promise<string | null>;

export function aliasResolver(client: MatrixClient): AliasResolver {
  const cache = new Map<string, string | null>();
  return async (alias) => {
    const claimants = client
      .getRooms()
      .filter((room) => room.getMyMembership() === "join" && (room.getCanonicalAlias() === alias || room.getAltAliases().includes(alias)));
    if (claimants.length > 1) return null;
    let roomId: string | null;
    if (cache.has(alias)) roomId = cache.get(alias)!;
    else {
      try {
        roomId = (await client.getRoomIdForAlias(alias)).room_id;
      } catch {
        roomId = null;
      }
      if (cache.size >= ALIAS_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(alias, roomId);
    }
    if (claimants.length === 1 && claimants[0]!.roomId !== roomId) return null;
    return roomId;
  };
}
