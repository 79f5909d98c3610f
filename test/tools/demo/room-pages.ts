/**
 * The demo page's data: the rooms the demo account is in, with their members as Element Web would list
 * them (display names from member events, power-level labels, invited members apart). Read from the
 * test homeserver's room state, which is what Element would get from /sync.
 */
import type { ServerState, StoredRoom } from "../../homeserver/state.ts";
import type { PageMember } from "../../pages/members.ts";

export interface DemoRoom {
  roomId: string;
  name: string;
  topic: string;
  encrypted: boolean;
  members: PageMember[];
}

export interface DemoPageData {
  /** The account the page pretends to be signed in as. */
  userId: string;
  rooms: DemoRoom[];
  /** `#alias:server` → room ID, as the directory answers. */
  aliases: Record<string, string>;
}

function stateContent(room: StoredRoom, type: string, stateKey = ""): Record<string, unknown> | undefined {
  return room.state.get(`${type}\u0000${stateKey}`)?.event.content;
}

/** Element's labels for power levels 100 and 50 and up. */
function powerLabel(level: number): string | undefined {
  if (level >= 100) return "Admin";
  if (level >= 50) return "Moderator";
  return undefined;
}

function membersOf(room: StoredRoom): PageMember[] {
  const power = stateContent(room, "m.room.power_levels")?.users as Record<string, number> | undefined;
  const members: PageMember[] = [];
  for (const [key, stored] of room.state) {
    if (!key.startsWith("m.room.member\u0000")) continue;
    const userId = stored.event.state_key!;
    const membership = stored.event.content.membership;
    if (membership !== "join" && membership !== "invite") continue;
    const name = typeof stored.event.content.displayname === "string" ? stored.event.content.displayname : userId;
    const label = membership === "invite" ? "Invited" : powerLabel(power?.[userId] ?? 0);
    members.push({ userId, displayName: name, membership, ...(label ? { label } : {}) });
  }
  // Element sorts by power, then by name.
  return members.sort((a, b) => (power?.[b.userId!] ?? 0) - (power?.[a.userId!] ?? 0) || a.displayName.localeCompare(b.displayName));
}

export function demoPageData(state: ServerState, userId: string): DemoPageData {
  const rooms: DemoRoom[] = [];
  for (const room of state.rooms.values()) {
    const own = stateContent(room, "m.room.member", userId)?.membership;
    if (own !== "join") continue;
    const members = membersOf(room);
    const name = stateContent(room, "m.room.name")?.name;
    const others = members.filter((m) => m.userId !== userId).map((m) => m.displayName);
    rooms.push({
      roomId: room.roomId,
      name: typeof name === "string" ? name : others.join(", ") || room.roomId,
      topic: String(stateContent(room, "m.room.topic")?.topic ?? ""),
      encrypted: stateContent(room, "m.room.encryption") !== undefined,
      members,
    });
  }
  const aliases: Record<string, string> = {};
  for (const [alias, roomId] of state.aliases) aliases[alias] = roomId;
  return { userId, rooms, aliases };
}
