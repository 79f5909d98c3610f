/**
 * The direct-message room used to verify another person: an existing one where both are members,
 * else (only after the user agreed) a new encrypted one, recorded in `m.direct` as clients expect.
 */
import { EventType, Preset, type MatrixClient } from "matrix-js-sdk";

type DirectMap = Record<string, string[]>;

const isMember = (client: MatrixClient, roomId: string, userId: string, states: string[]): boolean => {
  const membership = client.getRoom(roomId)?.getMember(userId)?.membership;
  return membership !== undefined && states.includes(membership);
};

/** A room this user and `userId` share as a DM, or null. */
export function findDirectRoom(client: MatrixClient, userId: string): string | null {
  const me = client.getSafeUserId();
  const direct = (client.getAccountData(EventType.Direct)?.getContent() ?? {}) as DirectMap;
  const candidates = Array.isArray(direct[userId]) ? direct[userId] : [];
  for (const roomId of candidates) {
    if (isMember(client, roomId, me, ["join"]) && isMember(client, roomId, userId, ["join", "invite"])) return roomId;
  }
  // Rooms not marked as direct but holding exactly the two of us serve as well.
  for (const room of client.getRooms()) {
    if (room.getMyMembership() !== "join") continue;
    // The summary's counts, not the members held: with lazy-loaded members a large room may hold only two.
    if (room.getInvitedAndJoinedMemberCount() !== 2) continue;
    const members = room.getMembers().filter((m) => m.membership === "join" || m.membership === "invite");
    if (members.some((m) => m.userId === userId)) return room.roomId;
  }
  return null;
}

/** Creates an encrypted DM with `userId` and records it in `m.direct`. */
export async function createDirectRoom(client: MatrixClient, userId: string): Promise<string> {
  const { room_id: roomId } = await client.createRoom({
    preset: Preset.TrustedPrivateChat,
    is_direct: true,
    invite: [userId],
    initial_state: [{ type: EventType.RoomEncryption, state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
  });
  const direct = { ...((client.getAccountData(EventType.Direct)?.getContent() ?? {}) as DirectMap) };
  direct[userId] = [...(direct[userId] ?? []), roomId];
  await client.setAccountData(EventType.Direct, direct);
  return roomId;
}
