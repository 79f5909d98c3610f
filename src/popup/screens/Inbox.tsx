/** Unacknowledged findings across all rooms, most severe first. */
import { useMemo } from "preact/hooks";
import type { AuditReport } from "../../core/verdicts.ts";
import { FindingList } from "../components/FindingList.tsx";
import { inboxOf } from "../model/inbox.ts";
import { S } from "../strings.ts";

export function Inbox({ report, focusProblem }: { report: AuditReport; focusProblem?: string | undefined }) {
  const items = useMemo(() => inboxOf(report), [report]);
  return <FindingList id="inbox" title={S.inbox.title} items={items} showRoom empty={S.inbox.empty} focusProblem={focusProblem} />;
}
