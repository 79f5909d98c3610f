/** Every room, riskiest first (the audit's order), filterable by name, windowed for hundreds of rooms. */
import { useCallback, useLayoutEffect, useMemo, useState } from "preact/hooks";
import type { RoomLine } from "../../core/overview.ts";
import { ROOM_ROW_HEIGHT, RoomRow } from "../components/RoomRow.tsx";
import { VirtualList } from "../components/VirtualList.tsx";
import { ROOMS_PAINTED_MARK } from "../model/marks.ts";
import { roomMatches } from "../model/room-summary.ts";
import { useApp } from "../state/app-context.ts";
import { S } from "../strings.ts";

const roomHeight = () => ROOM_ROW_HEIGHT;
const roomKey = (room: RoomLine) => room.roomId;

export function RoomsList({ rooms }: { rooms: RoomLine[] }) {
  const { go } = useApp();
  const [query, setQuery] = useState("");
  const shown = useMemo(() => rooms.filter((room) => roomMatches(room, query)), [rooms, query]);
  // Right after the commit (an effect would run a frame later): the next frame paints the rows.
  useLayoutEffect(() => {
    if (rooms.length === 0 || performance.getEntriesByName(ROOMS_PAINTED_MARK).length > 0) return;
    requestAnimationFrame(() => performance.mark(ROOMS_PAINTED_MARK));
  }, [rooms]);
  const render = useCallback(
    (room: RoomLine) => <RoomRow room={room} onOpen={() => go({ name: "room", roomId: room.roomId })} />,
    [go],
  );
  return (
    <section class="rooms" aria-labelledby="rooms-title">
      <div class="rooms-head">
        <h2 id="rooms-title">{S.rooms.title} <span class="muted">({rooms.length})</span></h2>
        <input type="search" class="filter" placeholder={S.rooms.filterPlaceholder} aria-label={S.rooms.filter}
          value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      </div>
      {rooms.length === 0 ? (
        <p class="empty">{S.rooms.empty}</p>
      ) : shown.length === 0 ? (
        <p class="empty">{S.rooms.none}</p>
      ) : (
        <VirtualList items={shown} heightOf={roomHeight} keyOf={roomKey} render={render} label={S.rooms.title} className="rooms-list" />
      )}
    </section>
  );
}
