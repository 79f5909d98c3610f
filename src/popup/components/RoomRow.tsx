/** A room in the rooms list: shield, name, and the counts behind the shield. One fixed-height row. */
import type { RoomLine } from "../../core/overview.ts";
import { SEVERITY_RANK, type RoomShield, type Severity } from "../../core/verdicts.ts";
import { plural, S } from "../strings.ts";
import { Shield } from "./Shield.tsx";
import { UserText } from "./UserText.tsx";

export const ROOM_ROW_HEIGHT = 60;

function worstOpenSeverity(room: RoomLine): Severity | null {
  let worst: Severity | null = null;
  for (const { severity } of room.open) if (!worst || SEVERITY_RANK[severity] > SEVERITY_RANK[worst]) worst = severity;
  return worst;
}

/** A room whose last update failed is never shown green: its verdicts are from before. */
export function shownShield(room: { shield: RoomShield; outOfDate?: { since: number } | undefined }): RoomShield {
  return room.outOfDate && room.shield === "verified" ? "normal" : room.shield;
}

export function RoomRow({ room, onOpen }: { room: RoomLine; onOpen: () => void }) {
  const counts = { ...room, openProblems: room.open.length };
  const worst = worstOpenSeverity(room);
  const details = room.encrypted
    ? [plural(counts.members, S.rooms.members), S.rooms.verified(counts.verifiedMembers), plural(counts.devices, S.rooms.devices)].join(" · ")
    : S.rooms.notEncrypted;
  return (
    <button type="button" class="room-row" data-row-focus data-room-id={room.roomId} data-shield={room.encrypted ? room.shield : "none"}
      data-out-of-date={room.outOfDate ? "true" : undefined} onClick={onOpen}>
      <Shield shield={shownShield(room)} encrypted={room.encrypted} />
      <span class="room-text">
        <UserText class="room-name" text={room.name} fallback={room.roomId} cut />
        <span class={`room-details muted${room.encrypted ? "" : " not-encrypted"}`}>
          {room.outOfDate && <strong class="tone-warning">{S.rooms.outOfDate} · </strong>}
          {room.isDirect && `${S.rooms.direct} · `}
          {details}
        </span>
      </span>
      {counts.openProblems > 0 && worst && (
        <span class={`count tone-${worst}`} data-problems={counts.openProblems}>
          <span class="sr-only">{plural(counts.openProblems, S.rooms.problems)}</span>
          <span aria-hidden="true">{counts.openProblems}</span>
        </span>
      )}
    </button>
  );
}
