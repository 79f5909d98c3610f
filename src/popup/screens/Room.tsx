/** One room: its shield and counts, its findings, the policy preview, and every member down to each device. */
import { useCallback, useMemo, useState } from "preact/hooks";
import { roomEntries, type RoomDetail } from "../../core/overview.ts";
import { FindingList } from "../components/FindingList.tsx";
import { MemberRowView } from "../components/MemberRowView.tsx";
import { PolicyPreviewView } from "../components/PolicyPreviewView.tsx";
import { shownShield } from "../components/RoomRow.tsx";
import { Shield } from "../components/Shield.tsx";
import { UserText } from "../components/UserText.tsx";
import { VirtualList } from "../components/VirtualList.tsx";
import { memberRows, ROW_HEIGHT, rowKey, sortMembers, type MemberRow } from "../model/member-rows.ts";
import { roomCounts } from "../model/room-summary.ts";
import { useApp } from "../state/app-context.ts";
import { useRoomDetail } from "../state/use-report.ts";
import { formatShortTime, plural, S } from "../strings.ts";

const rowHeight = (row: MemberRow) => ROW_HEIGHT[row.kind];

export function Room({ roomId, userId }: { roomId: string; userId?: string }) {
  const { data } = useApp();
  const detail = useRoomDetail(roomId);
  if (!data.overview) return <p class="empty" role="status">{data.overviewLoaded ? S.errors.noReport : S.loading}</p>;
  if (!detail.value) {
    if (!detail.loaded) return <p class="empty" role="status">{S.loading}</p>;
    return <p class="empty" role="alert">{detail.error ? detail.error.message : S.errors.roomGone}</p>;
  }
  return <RoomView key={roomId} detail={detail.value} ownUserId={data.overview.account.userId} focusUser={userId} />;
}

function RoomView({ detail, ownUserId, focusUser }: { detail: RoomDetail; ownUserId: string; focusUser: string | undefined }) {
  const { room } = detail;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(focusUser ? [focusUser] : []));
  const members = useMemo(() => sortMembers(room.members), [room.members]);
  const rows = useMemo(() => memberRows(members, expanded), [members, expanded]);
  const problems = useMemo(() => roomEntries(detail), [detail]);
  const counts = roomCounts(room);
  const toggle = useCallback((userId: string) => {
    setExpanded((old) => {
      const next = new Set(old);
      if (!next.delete(userId)) next.add(userId);
      return next;
    });
  }, []);
  const render = useCallback(
    (row: MemberRow) => <MemberRowView row={row} roomId={room.roomId} ownUserId={ownUserId} onToggle={toggle} />,
    [room.roomId, ownUserId, toggle],
  );
  const revealIndex = focusUser ? rows.findIndex((r) => r.kind === "member" && r.member.userId === focusUser) : -1;
  return (
    <div class="screen room" data-screen="room" data-room-id={room.roomId} data-shield={room.encrypted ? room.shield : "none"}>
      <header class="room-header">
        <Shield shield={shownShield(room)} encrypted={room.encrypted} />
        <div>
          <h1><UserText text={room.name} fallback={room.roomId} /></h1>
          <p class="muted small">
            {room.encrypted ? S.shield[room.shield] : S.rooms.notEncrypted} · {plural(counts.members, S.rooms.members)} ·{" "}
            {S.rooms.verified(counts.verifiedMembers)} · {plural(counts.devices, S.rooms.devices)}
          </p>
          <p class="mxid">{room.roomId}</p>
        </div>
      </header>
      {room.outOfDate && (
        <p class="tone-warning" role="status" data-out-of-date>{S.room.outOfDate(formatShortTime(room.outOfDate.since))}</p>
      )}
      {room.encrypted && <FindingList id="room-findings" title={S.room.findingsTitle} items={problems} showRoom={false} empty={S.room.noFindings} />}
      {room.encrypted && <PolicyPreviewView preview={room.policyPreview} members={room.members} />}
      <h2 id="members-title">{S.room.membersTitle} <span class="muted">({members.length})</span></h2>
      <VirtualList items={rows} heightOf={rowHeight} keyOf={rowKey} render={render} label={S.room.membersTitle} className="members-list"
        revealIndex={revealIndex >= 0 ? revealIndex : undefined} />
    </div>
  );
}
