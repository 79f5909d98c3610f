/** The counts behind a room's shield, for its row in the rooms list. */
import { problemsOf } from "../../core/problems.ts";
import type { RoomRef } from "../../core/overview.ts";
import type { RoomAudit } from "../../core/verdicts.ts";

export interface RoomCounts {
  members: number;
  /** Members other than me whose identity is verified. */
  verifiedMembers: number;
  devices: number;
  /** Problems touching this room not yet acknowledged (src/core/problems.ts): the entries its screen lists first. */
  openProblems: number;
}

export function roomCounts(room: RoomAudit): RoomCounts {
  let verifiedMembers = 0;
  let devices = 0;
  for (const member of room.members) {
    if (member.verdict === "verified") verifiedMembers++;
    devices += member.devices.length;
  }
  const openProblems = problemsOf([room]).filter((p) => !p.acknowledged).length;
  return { members: room.members.length, verifiedMembers, devices, openProblems };
}

/** Case- and accent-insensitive match of a room's name (or ID) against what the user typed. */
export function roomMatches(room: RoomRef, query: string): boolean {
  const needle = fold(query.trim());
  return needle === "" || fold(room.name).includes(needle) || fold(room.roomId).includes(needle);
}

function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}
