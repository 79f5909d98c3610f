/** One finding: how bad, what, who, which device, where, since when, and what to do about it. */
import type { InboxItem } from "../model/inbox.ts";
import { formatShortTime, S } from "../strings.ts";
import { FindingActions } from "./FindingActions.tsx";
import { UserText } from "./UserText.tsx";
import { SeverityTag } from "./VerdictTag.tsx";

export function FindingItem({ item, showRoom }: { item: InboxItem; showRoom: boolean }) {
  const { finding, room, member, device } = item;
  const who = member?.displayName || finding.userId;
  const title = S.finding[finding.kind];
  return (
    <article class={`finding sev-${finding.severity}${finding.acknowledged ? " acknowledged" : ""}`} data-finding-id={finding.id} data-kind={finding.kind}
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
          {showRoom && <>{S.inbox.inRoom}<UserText text={room.name} fallback={room.roomId} />{" · "}</>}
          {S.inbox.firstSeen(formatShortTime(finding.firstSeen))}
        </p>
        <FindingActions finding={finding} subject={`${title}, ${who}`} subjectName={who} />
      </div>
    </article>
  );
}
