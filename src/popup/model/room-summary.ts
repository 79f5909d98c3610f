/** The counts behind a room's shield, for its row in the rooms list. */
import type { RoomAudit } from "../../core/verdicts.ts";

export interface RoomCounts {
  members: number;
  /** Members other than me whose identity is verified. */
  verifiedMembers: number;
  devices: number;
  unacknowledgedFindings: number;
}

export function roomCounts(room: RoomAudit): RoomCounts {
  let verifiedMembers = 0;
  let devices = 0;
  for (const member of room.members) {
    if (member.verdict === "verified") verifiedMembers++;
    devices += member.devices.length;
  }
  const unacknowledgedFindings = room.findings.filter((f) => !f.acknowledged).length;
  return { members: room.members.length, verifiedMembers, devices, unacknowledgedFindings };
}

/** Case- and accent-insensitive match of a room's name (or ID) against what the user typed. */
export function roomMatches(room: RoomAudit, query: string): boolean {
  const needle = fold(query.trim());
  return needle === "" || fold(room.name).includes(needle) || fold(room.roomId).includes(needle);
}

function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}
