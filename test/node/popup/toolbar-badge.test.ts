import { test } from "node:test";
import assert from "node:assert/strict";
import { BADGE_COLORS, toolbarBadgeFor } from "../../../src/background/toolbar-badge.ts";
import { finding, report, room } from "./report-parts.ts";

test("no report or nothing to review: no badge text", () => {
  assert.equal(toolbarBadgeFor(null).text, "");
  assert.equal(toolbarBadgeFor(report([room("!a:x", { findings: [finding("a", { acknowledged: true, severity: "critical" })] })])).text, "");
});

test("the badge counts unacknowledged findings across rooms and takes the worst severity's colour", () => {
  const badge = toolbarBadgeFor(
    report([
      room("!a:x", { findings: [finding("a", { severity: "notice" }), finding("b", { severity: "critical", acknowledged: true })] }),
      room("!b:x", { findings: [finding("c", { severity: "warning" })] }),
    ]),
  );
  assert.equal(badge.text, "2");
  assert.equal(badge.color, BADGE_COLORS.warning);
  assert.match(badge.title, /2 findings/);
});

test("large counts are capped to fit the badge", () => {
  const findings = Array.from({ length: 150 }, (_, i) => finding(`f${i}`, { severity: "critical" }));
  const badge = toolbarBadgeFor(report([room("!a:x", { findings })]));
  assert.equal(badge.text, "99+");
  assert.equal(badge.color, BADGE_COLORS.critical);
});
