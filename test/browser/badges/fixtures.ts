/** Members and stubbed verdict tables for the badges' DOM-mechanics tests and bench. */
import type { PageMember, PageRooms } from "../../pages/members.ts";
import type { StubTable } from "../../pages/dom-harness.ts";
import type { MemberBadge } from "../../../src/protocol/messages.ts";
import type { UserVerdict } from "../../../src/core/verdicts.ts";

export const ROOM_A = "!alpha:localhost";
export const ROOM_B = "!beta:localhost";

const VERDICTS: UserVerdict[] = ["verified", "unverified", "identity-changed", "verification-violation", "no-cross-signing"];

/** `count` joined members, an impostor whose display name is member 1's user ID, a 3pid invite, two invited members. */
export function people(count: number): PageMember[] {
  const members: PageMember[] = [];
  for (let i = 0; i < count; i++) members.push({ userId: `@user${i}:localhost`, displayName: `User ${i}`, e2e: i % 3 === 0 ? "verified" : undefined });
  members.splice(2, 0, { userId: "@mallory:localhost", displayName: "@user1:localhost" });
  members.push({ displayName: "friend@example.org", membership: "invite" });
  members.push({ userId: "@invitee0:localhost", displayName: "Invitee 0", membership: "invite" });
  members.push({ userId: "@invitee1:localhost", displayName: "Invitee 1", membership: "invite" });
  return members;
}

/** A stub table where each user's verdict depends on the room (`shift`), so a badge from the wrong room shows. */
export function stubTable(members: PageMember[], rooms: string[]): StubTable {
  const table: StubTable = {};
  rooms.forEach((room, shift) => {
    const byUser: Record<string, MemberBadge> = {};
    members.forEach((m, i) => {
      if (!m.userId) return;
      byUser[m.userId] = { userId: m.userId, verdict: VERDICTS[(i + shift) % VERDICTS.length]!, findings: [] };
    });
    table[room] = byUser;
  });
  return table;
}

export function pageRooms(members: PageMember[], rooms: string[]): PageRooms {
  return Object.fromEntries(rooms.map((room) => [room, members]));
}
