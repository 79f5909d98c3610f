/**
 * The signed-in account as the badges see it: which rooms it is in (aliases resolved), the latest
 * audit of a room, and the records where shown findings are noted as warned.
 */
import type { MatrixClient } from "matrix-js-sdk";
import type { AuditReport, RoomAudit } from "../../core/verdicts.ts";
import type { BadgeAccount } from "./handler.ts";

/** Aliases resolved through the server, remembered so a page cannot make us ask again and again. */
const ALIAS_CACHE_LIMIT = 200;

export interface BadgeAccountSources {
  client: MatrixClient;
  /** The latest audit report, or null before the first audit. */
  report(): AuditReport | null;
  markWarned(findingIds: string[]): Promise<void>;
}

export function badgeAccount({ client, report, markWarned }: BadgeAccountSources): BadgeAccount {
  const aliasCache = new Map<string, string | null>();
  const roomIndex = new WeakMap<AuditReport, Map<string, RoomAudit>>();

  const isJoined = (roomId: string): boolean => client.getRoom(roomId)?.getMyMembership() === "join";

  async function resolveAlias(alias: string): Promise<string | null> {
    // The account's own rooms first: no request, and the common case.
    for (const room of client.getRooms()) {
      if (room.getMyMembership() !== "join") continue;
      if (room.getCanonicalAlias() === alias || room.getAltAliases().includes(alias)) return room.roomId;
    }
    if (aliasCache.has(alias)) return aliasCache.get(alias)!;
    let roomId: string | null;
    try {
      roomId = (await client.getRoomIdForAlias(alias)).room_id;
    } catch {
      roomId = null;
    }
    if (aliasCache.size >= ALIAS_CACHE_LIMIT) aliasCache.delete(aliasCache.keys().next().value!);
    aliasCache.set(alias, roomId);
    return roomId;
  }

  return {
    async joinedRoomId(ref) {
      const roomId = ref.startsWith("#") ? await resolveAlias(ref) : ref;
      return roomId && isJoined(roomId) ? roomId : null;
    },
    roomAudit(roomId) {
      const current = report();
      if (!current) return null;
      let index = roomIndex.get(current);
      if (!index) roomIndex.set(current, (index = new Map(current.rooms.map((r) => [r.roomId, r]))));
      return index.get(roomId) ?? null;
    },
    markWarned,
  };
}
