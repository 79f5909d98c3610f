/** Unacknowledged findings across all rooms, most severe first. */
import { useMemo } from "preact/hooks";
import { openEntries, type AuditOverview } from "../../core/overview.ts";
import { FindingList } from "../components/FindingList.tsx";
import { S } from "../strings.ts";

export function Inbox({ overview, focusProblem }: { overview: AuditOverview; focusProblem?: string | undefined }) {
  const items = useMemo(() => openEntries(overview), [overview]);
  return <FindingList id="inbox" title={S.inbox.title} items={items} showRoom empty={S.inbox.empty} focusProblem={focusProblem} />;
}
