/** One finding: how bad, what, who, which device, where, since when, and what to do about it. */
import { Fragment } from "preact";
import type { RoomAudit } from "../../core/verdicts.ts";
import type { InboxItem } from "../model/inbox.ts";
import { formatShortTime, S } from "../strings.ts";
import { FindingActions } from "./FindingActions.tsx";
import { UserText } from "./UserText.tsx";
import { SeverityTag } from "./VerdictTag.tsx";

/** Rooms named in an entry before "and N more". */
const ROOMS_NAMED = 3;

export function FindingItem({ item, showRoom }: { item: InboxItem; showRoom: boolean }) {
  const { finding, room, member, device, findings, rooms } = item;
  const who = member?.displayName || finding.userId;
  const title = S.finding[finding.kind];
  return (
    <article class={`finding sev-${finding.severity}${finding.acknowledged ? " acknowledged" : ""}`} data-finding-id={finding.id} data-finding-ids={JSON.stringify(findings.map((f) => f.id))} data-kind={finding.kind}
      aria-label={`${S.severity[finding.severity]}: ${title}`}>
      <header class="finding-head">
        <SeverityTag severity={finding.severity} />
        <span class="finding-title">{title}</span>
      </header>
      <p class="finding-who">
        <UserText class="name" text={member?.displayName} fallback={finding.userId} />{" "}
        <span class="mxid">{finding.userId}</span>
        {finding.deviceId !== undefined && (
          <span class="finding-device">
            {" · "}
            {S.findingDevice(finding.deviceId)}
            {device?.displayName ? <> (<UserText text={device.displayName} fallback="" />)</> : null}
          </span>
        )}
      </p>
      {finding.lookalikeOf !== undefined && (
        <p class="finding-lookalike" data-lookalike-of={finding.lookalikeOf}>
          {S.looksLike}
          <UserText class="name" text={room.members.find((m) => m.userId === finding.lookalikeOf)?.displayName} fallback={finding.lookalikeOf} />{" "}
          <span class="mxid">{finding.lookalikeOf}</span>
        </p>
      )}
      <div class="finding-foot">
        <p class="finding-meta muted">
          {showRoom && <>{S.inbox.inRoom}<RoomNames rooms={rooms} />{" · "}</>}
          {S.inbox.firstSeen(formatShortTime(finding.firstSeen))}
        </p>
        <FindingActions finding={finding} findingIds={findings.map((f) => f.id)} subject={`${title}, ${who}`} subjectName={who} />
      </div>
    </article>
  );
}

function RoomNames({ rooms }: { rooms: readonly RoomAudit[] }) {
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
