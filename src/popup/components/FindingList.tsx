/** A titled list of findings: the first few, then more on request, so long lists stay light. */
import { useState } from "preact/hooks";
import { findingCount, type InboxItem } from "../model/inbox.ts";
import { plural, S } from "../strings.ts";
import { FindingItem } from "./FindingItem.tsx";

const FIRST = 3;
const PAGE = 50;

export function FindingList({ id, title, items, showRoom, empty }: { id: string; title: string; items: InboxItem[]; showRoom: boolean; empty: string }) {
  const [shown, setShown] = useState(FIRST);
  // Counts findings, as the toolbar icon does; an entry found in several rooms holds several.
  const count = findingCount(items);
  return (
    <section class="finding-list" aria-labelledby={`${id}-title`} data-list={id} data-count={count} data-entries={items.length}>
      <h2 id={`${id}-title`}>
        {title} <span class="muted" aria-live="polite">({plural(count, S.inbox.count)})</span>
      </h2>
      {items.length === 0 ? (
        <p class="empty">{empty}</p>
      ) : (
        <ol class="findings">
          {items.slice(0, shown).map((item) => (
            <li key={item.finding.id}>
              <FindingItem item={item} showRoom={showRoom} />
            </li>
          ))}
        </ol>
      )}
      {(items.length > shown || shown > FIRST) && (
        <div class="list-more">
          {items.length > shown && (
            <button type="button" class="btn btn-link" onClick={() => setShown(shown + PAGE)}>
              {S.inbox.more(Math.min(PAGE, items.length - shown))}
            </button>
          )}
          {shown > FIRST && items.length > FIRST && (
            <button type="button" class="btn btn-link" onClick={() => setShown(FIRST)}>{S.inbox.showFewer}</button>
          )}
        </div>
      )}
    </section>
  );
}
