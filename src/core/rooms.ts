/** Reading the rooms to audit, and what about each one matters to trust, from the client's state. */
import { EventType, KnownMembership, type MatrixClient, type Room } from "matrix-js-sdk";

export interface RoomMemberInfo {
  userId: string;
  /** Chosen by the member: render as text only. */
  displayName: string | null;
  /** The server's time of the member event that set this name (a tie-break for look-alikes; the server may lie). */
  nameSetAt?: number;
}

export interface RoomInfo {
  roomId: string;
  name: string;
  encrypted: boolean;
  isDirect: boolean;
  /** Who room keys go to (joined, plus invited unless history is "joined"-only); empty when unencrypted. */
  members: RoomMemberInfo[];
}

/** Rooms this account has joined. */
export function joinedRooms(client: MatrixClient): Room[] {
  return client.getRooms().filter((room) => room.getMyMembership() === KnownMembership.Join);
}

/** Room IDs listed in the account's `m.direct` data. */
export function directRoomIds(client: MatrixClient): Set<string> {
  const content = client.getAccountData(EventType.Direct)?.getContent() ?? {};
  const ids = new Set<string>();
  for (const rooms of Object.values(content)) if (Array.isArray(rooms)) for (const id of rooms) if (typeof id === "string") ids.add(id);
  return ids;
}

/**
 * A room's facts for the audit: name, whether it is encrypted (by its state or the crypto's record)
 * and direct, and its members (encrypted rooms only: those the room's keys go to). Rejects when the
 * room's members cannot be loaded from the server.
 */
export async function readRoomInfo(client: MatrixClient, room: Room, direct: ReadonlySet<string>): Promise<RoomInfo> {
  const crypto = client.getCrypto();
  // The crypto's record outlives a removed encryption event (downgrade protection), so ask it too.
  const encrypted = room.hasEncryptionStateEvent() || (crypto ? await crypto.isEncryptionEnabledInRoom(room.roomId) : false);
  const members = encrypted
    ? (await room.getEncryptionTargetMembers()).map((m): RoomMemberInfo => {
        const nameSetAt = m.events.member?.getTs();
        return nameSetAt === undefined ? { userId: m.userId, displayName: m.rawDisplayName ?? null } : { userId: m.userId, displayName: m.rawDisplayName ?? null, nameSetAt };
      })
    : [];
  return { roomId: room.roomId, name: room.name, encrypted, isDirect: direct.has(room.roomId), members };
}
