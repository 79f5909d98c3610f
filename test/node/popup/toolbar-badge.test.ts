import { test } from "node:test";
import assert from "node:assert/strict";
import { BADGE_COLORS, toolbarBadgeFor } from "../../../src/background/toolbar-badge.ts";
import { finding, report, room } from "./report-parts.ts";

test("no report or nothing to review: no badge text", () => {
  assert.equal(toolbarBadgeFor(null).text, "");
  assert.equal(toolbarBadgeFor(report([room("!a:x", { findings: [finding("a", { acknowledged: true, severity: "critical" })] })])).text, "");
});

test("the badge counts unacknowledged problems across rooms and takes the worst severity's colour", () => {
  const r = report([
    room("!a:x", { findings: [finding("a", { severity: "notice", userId: "@a:x" }), finding("b", { severity: "critical", acknowledged: true, userId: "@b:x" })] }),
    room("!b:x", { findings: [finding("c", { severity: "warning", userId: "@c:x" }), finding("a2", { roomId: "!b:x", severity: "notice", userId: "@a:x" })] }),
  ]);
  const badge = toolbarBadgeFor(r);
  assert.equal(badge.text, "2", "@a:x's device in two rooms is one problem; @b:x's is acknowledged");
  assert.equal(badge.text, String(r.summary.problems.unacknowledged), "the same number as the report's summary");
  assert.equal(badge.color, BADGE_COLORS.warning);
  assert.match(badge.title, /2 problems/);
});

test("large counts are capped to fit the badge", () => {
  const findings = Array.from({ length: 150 }, (_, i) => finding(`f${i}`, { severity: "critical", userId: `@u${i}:x` }));
  const badge = toolbarBadgeFor(report([room("!a:x", { findings })]));
  assert.equal(badge.text, "99+");
  assert.equal(badge.color, BADGE_COLORS.critical);
});
