/**
 * The arithmetic of a windowed list: items have known heights; given where the viewport is,
 * which items must exist in the DOM. Kept pure so it is tested in Node.
 */
export interface Layout {
  /** offsets[i] is the top of item i; offsets[n] is the total height. */
  offsets: Float64Array;
}

export function layoutOf(heights: ArrayLike<number>): Layout {
  const offsets = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = offsets[i]! + heights[i]!;
  return { offsets };
}

export function totalHeight(layout: Layout): number {
  return layout.offsets[layout.offsets.length - 1]!;
}

/** Index of the item that contains vertical position y (clamped to the list). */
export function indexAt(layout: Layout, y: number): number {
  const n = layout.offsets.length - 1;
  if (n <= 0) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layout.offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The half-open range [start, end) of items overlapping [top - overscan, top + height + overscan]. */
export function visibleRange(layout: Layout, top: number, height: number, overscan: number): { start: number; end: number } {
  const n = layout.offsets.length - 1;
  if (n <= 0 || height <= 0) return { start: 0, end: Math.min(n, 1) };
  const start = indexAt(layout, Math.max(0, top - overscan));
  const bottom = top + height + overscan;
  let end = indexAt(layout, bottom) + 1;
  if (end > n) end = n;
  return { start, end };
}

/** The scrollTop that brings item i fully into a viewport of the given height, or null if it already is. */
export function scrollToReveal(layout: Layout, i: number, top: number, height: number): number | null {
  const itemTop = layout.offsets[i]!;
  const itemBottom = layout.offsets[i + 1]!;
  if (itemTop < top) return itemTop;
  if (itemBottom > top + height) return itemBottom - height;
  return null;
}
