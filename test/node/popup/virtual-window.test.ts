import { test } from "node:test";
import assert from "node:assert/strict";
import { indexAt, layoutOf, scrollToReveal, totalHeight, visibleRange } from "../../../src/popup/model/virtual-window.ts";

test("offsets add up the heights", () => {
  const layout = layoutOf([10, 20, 30]);
  assert.deepEqual([...layout.offsets], [0, 10, 30, 60]);
  assert.equal(totalHeight(layout), 60);
});

test("indexAt finds the item containing a position, clamped to the list", () => {
  const layout = layoutOf([10, 20, 30]);
  assert.equal(indexAt(layout, 0), 0);
  assert.equal(indexAt(layout, 9.9), 0);
  assert.equal(indexAt(layout, 10), 1);
  assert.equal(indexAt(layout, 59), 2);
  assert.equal(indexAt(layout, 500), 2);
  assert.equal(indexAt(layout, -5), 0);
});

test("only the rows near the viewport are rendered, out of thousands", () => {
  const layout = layoutOf(new Array(10_000).fill(56));
  const { start, end } = visibleRange(layout, 56 * 5000, 600, 112);
  assert.equal(start, 4998);
  // The row under the bottom edge (plus overscan) is the last one rendered.
  assert.equal(end, Math.floor((56 * 5000 + 600 + 112) / 56) + 1);
  assert.ok(end - start < 20);
});

test("a range at the end stops at the last item; an empty list renders nothing", () => {
  const layout = layoutOf([50, 50, 50]);
  assert.deepEqual(visibleRange(layout, 100, 600, 100), { start: 0, end: 3 });
  assert.deepEqual(visibleRange(layoutOf([]), 0, 600, 100), { start: 0, end: 0 });
});

test("scrollToReveal scrolls up or down just enough, or not at all", () => {
  const layout = layoutOf([100, 100, 100, 100]);
  assert.equal(scrollToReveal(layout, 0, 150, 200), 0);
  assert.equal(scrollToReveal(layout, 3, 0, 200), 200);
  assert.equal(scrollToReveal(layout, 1, 100, 200), null);
});
