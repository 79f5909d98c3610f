/**
 * A windowed list for thousands of rows: only the rows near the viewport exist in the DOM.
 * Rows have known heights (`heightOf`, matched by the CSS), so no measuring is needed.
 * It scrolls with the screen's scroll parent, and Arrow/Home/End keys move focus between rows,
 * bringing rows that do not exist yet into being first. Screen readers get the full count
 * through aria-setsize/aria-posinset.
 */
import type { ComponentChildren } from "preact";
import { useContext, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { layoutOf, scrollToReveal, totalHeight, visibleRange } from "../model/virtual-window.ts";
import { ScrollParentContext } from "./scroll-parent.ts";

export interface VirtualListProps<T> {
  items: readonly T[];
  heightOf: (item: T) => number;
  keyOf: (item: T) => string;
  render: (item: T, index: number) => ComponentChildren;
  label: string;
  /** Extra pixels rendered above and below the viewport. */
  overscan?: number;
  className?: string;
  /** Item to scroll to and focus once, when the list first appears (deep links). */
  revealIndex?: number;
}

interface Viewport {
  top: number;
  height: number;
}

export function VirtualList<T>({ items, heightOf, keyOf, render, label, overscan = 400, className, revealIndex }: VirtualListProps<T>) {
  const scrollParent = useContext(ScrollParentContext);
  const listRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 600 });
  const pendingFocus = useRef<number | null>(null);
  const layout = useMemo(() => layoutOf(items.map(heightOf)), [items, heightOf]);

  useLayoutEffect(() => {
    const parent = scrollParent?.current;
    const list = listRef.current;
    if (!parent || !list) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const listTop = list.getBoundingClientRect().top - parent.getBoundingClientRect().top + parent.scrollTop;
      const next = { top: parent.scrollTop - listTop, height: parent.clientHeight };
      setViewport((old) => (old.top === next.top && old.height === next.height ? old : next));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    parent.addEventListener("scroll", schedule, { passive: true });
    const resize = new ResizeObserver(schedule);
    resize.observe(parent);
    resize.observe(list);
    return () => {
      parent.removeEventListener("scroll", schedule);
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scrollParent]);

  useLayoutEffect(() => {
    const parent = scrollParent?.current;
    const list = listRef.current;
    if (revealIndex === undefined || revealIndex < 0 || revealIndex >= items.length || !parent || !list) return;
    const listTop = list.getBoundingClientRect().top - parent.getBoundingClientRect().top + parent.scrollTop;
    parent.scrollTop = listTop + layout.offsets[revealIndex]!;
    pendingFocus.current = revealIndex;
    setViewport({ top: parent.scrollTop - listTop, height: parent.clientHeight });
    // Only on first appearance: later re-renders must not pull the user back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const { start, end } = visibleRange(layout, viewport.top, viewport.height, overscan);

  // Synchronously after the commit, so focus never rests on a row that was just removed.
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (!row) return;
    pendingFocus.current = null;
    (row.querySelector<HTMLElement>("[data-row-focus]") ?? row).focus();
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>("[data-index]");
    if (!row || !listRef.current?.contains(row)) return;
    // Leave arrow keys to text fields and selects inside a row.
    if ((event.target as HTMLElement).matches("input, select, textarea")) return;
    // Keys pressed faster than frames build on the row still waiting for focus.
    const current = pendingFocus.current ?? Number(row.dataset.index);
    const target =
      event.key === "ArrowDown" ? current + 1
      : event.key === "ArrowUp" ? current - 1
      : event.key === "Home" ? 0
      : event.key === "End" ? items.length - 1
      : null;
    if (target === null || target < 0 || target >= items.length) return;
    event.preventDefault();
    pendingFocus.current = target;
    const parent = scrollParent?.current;
    let top = viewport.top;
    if (parent) {
      const wanted = scrollToReveal(layout, target, viewport.top, viewport.height);
      if (wanted !== null) {
        parent.scrollTop += wanted - viewport.top;
        top = wanted;
      }
    }
    // Render the target row now (not on the next scroll frame), then the effect above focuses it.
    setViewport((old) => ({ top, height: old.height }));
  };

  const rows = [];
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    rows.push(
      <div
        key={keyOf(item)}
        role="listitem"
        class="vrow"
        data-index={i}
        aria-setsize={items.length}
        aria-posinset={i + 1}
        style={{ top: `${layout.offsets[i]}px`, height: `${heightOf(item)}px` }}
      >
        {render(item, i)}
      </div>,
    );
  }

  return (
    <div
      ref={listRef}
      role="list"
      aria-label={label}
      class={`vlist ${className ?? ""}`}
      style={{ height: `${totalHeight(layout)}px` }}
      onKeyDown={onKeyDown}
    >
      {rows}
    </div>
  );
}
