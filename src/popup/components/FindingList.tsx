/** A titled list of findings: the first few, then more on request, so long lists stay light. */
import { useState } from "preact/hooks";
import type { InboxItem } from "../model/inbox.ts";
import { plural, S } from "../strings.ts";
import { FindingItem } from "./FindingItem.tsx";

const FIRST = 3;
const PAGE = 50;

export function FindingList({ id, title, items, showRoom, empty }: { id: string; title: string; items: InboxItem[]; showRoom: boolean; empty: string }) {
  const [shown, setShown] = useState(FIRST);
  // One entry per problem: the count is of the entries listed, as the toolbar icon counts problems.
  const count = items.length;
  return (
    <section class="finding-list" aria-labelledby={`${id}-title`} data-list={id} data-count={count}>
      <h2 id={`${id}-title`}>
        {title} <span class="muted" aria-live="polite">({plural(count, S.inbox.count)})</span>
      </h2>
      {items.length === 0 ? (
        <p class="empty">{empty}</p>
      ) : (
        <ol class="findings">
          {items.slice(0, shown).map((item) => (
            <li key={item.problem.id}>
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
