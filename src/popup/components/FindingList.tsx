/** A titled list of findings: the first few, then more on request, so long lists stay light. */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ProblemEntry } from "../../core/overview.ts";
import { plural, S } from "../strings.ts";
import { FindingItem } from "./FindingItem.tsx";

const FIRST = 3;
const PAGE = 50;

export function FindingList({ id, title, items, showRoom, empty, focusProblem }: {
  id: string;
  title: string;
  items: ProblemEntry[];
  showRoom: boolean;
  empty: string;
  /** A problem to show and focus once (a desktop alert's click). */
  focusProblem?: string | undefined;
}) {
  const focusIndex = focusProblem === undefined ? -1 : items.findIndex((item) => item.problem.id === focusProblem);
  const [shown, setShown] = useState(Math.max(FIRST, focusIndex + 1));
  const list = useRef<HTMLOListElement>(null);
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || focusIndex < 0) return;
    if (focusIndex >= shown) return setShown(focusIndex + 1);
    const entry = list.current?.children[focusIndex]?.querySelector<HTMLElement>("article");
    if (!entry) return;
    focused.current = true;
    entry.scrollIntoView({ block: "start" });
    entry.focus();
  }, [focusIndex, shown]);
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
        <ol class="findings" ref={list}>
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
