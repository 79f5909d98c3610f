/**
 * The signed-in account as the badges see it: which rooms it is in (aliases resolved), the latest
 * audit of a room, and the records where shown findings are noted as warned.
 */
import type { MatrixClient } from "matrix-js-sdk";
import type { AuditReport, RoomAudit } from "../../core/verdicts.ts";
import { aliasResolver } from "../room-aliases.ts";
import type { BadgeAccount } from "./handler.ts";

export interface BadgeAccountSources {
  client: MatrixClient;
  /** The latest audit report, or null before the first audit. */
  report(): AuditReport | null;
  markWarned(findingIds: string[]): Promise<void>;
}

export function badgeAccount({ client, report, markWarned }: BadgeAccountSources): BadgeAccount {
  const resolveAlias = aliasResolver(client);
  const roomIndex = new WeakMap<AuditReport, Map<string, RoomAudit>>();

  const isJoined = (roomId: string): boolean => client.getRoom(roomId)?.getMyMembership() === "join";

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
