/** One problem: how bad, what, who, which device, where, since when, and what to do about it. */
import { Fragment } from "preact";
import type { ProblemEntry, RoomRef } from "../../core/overview.ts";
import { problemTitle } from "../../core/words.ts";
import { formatShortTime, S } from "../strings.ts";
import { FindingActions } from "./FindingActions.tsx";
import { UserText } from "./UserText.tsx";
import { SeverityTag } from "./VerdictTag.tsx";

/** Rooms named in an entry before "and N more". */
const ROOMS_NAMED = 3;

export function FindingItem({ item, showRoom }: { item: ProblemEntry; showRoom: boolean }) {
  const { problem, finding, rooms, acknowledged } = item;
  const who = item.who || finding.userId;
  const title = problemTitle(problem, who);
  const shownIds = item.roomFindingIds ?? problem.findingIds;
  return (
    <article class={`finding sev-${problem.severity}${acknowledged ? " acknowledged" : ""}`} data-problem-id={problem.id} data-finding-id={finding.id}
      data-finding-ids={JSON.stringify(shownIds)} data-kind={finding.kind} data-kinds={problem.kinds.join(" ")}
      aria-label={`${S.severity[problem.severity]}: ${title}`} tabIndex={-1}>
      <header class="finding-head">
        <SeverityTag severity={problem.severity} />
        <span class="finding-title">{title}</span>
      </header>
      <p class="finding-who">
        <UserText class="name" text={item.who} fallback={finding.userId} />{" "}
        <span class="mxid">{finding.userId}</span>
        {finding.deviceId !== undefined && (
          <span class="finding-device">
            {" · "}
            {S.findingDevice(finding.deviceId)}
            {item.deviceName ? <> (<UserText text={item.deviceName} fallback="" />)</> : null}
          </span>
        )}
      </p>
      {finding.lookalikeOf !== undefined && (
        <p class="finding-lookalike" data-lookalike-of={finding.lookalikeOf}>
          {S.looksLike}
          <UserText class="name" text={item.lookalikeName} fallback={finding.lookalikeOf} />{" "}
          <span class="mxid">{finding.lookalikeOf}</span>
        </p>
      )}
      <div class="finding-foot">
        <p class="finding-meta muted">
          {showRoom && <>{S.inbox.inRoom}<RoomNames rooms={rooms} />{" · "}</>}
          {S.inbox.firstSeen(formatShortTime(problem.firstSeen))}
        </p>
        <FindingActions finding={{ ...finding, acknowledged }} findingIds={problem.findingIds} subject={title} subjectName={who} />
      </div>
    </article>
  );
}

function RoomNames({ rooms }: { rooms: readonly RoomRef[] }) {
  const named = rooms.slice(0, ROOMS_NAMED);
  return (
    <span class="finding-rooms" data-room-ids={JSON.stringify(rooms.map((r) => r.roomId))}>
      {named.map((r, i) => (
        <Fragment key={r.roomId}>
          {i > 0 && S.inbox.roomSeparator}
          <UserText text={r.name} fallback={r.roomId} />
        </Fragment>
      ))}
      {rooms.length > named.length && S.inbox.moreRooms(rooms.length - named.length)}
    </span>
  );
}
