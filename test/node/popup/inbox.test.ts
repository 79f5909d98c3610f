import { test } from "node:test";
import assert from "node:assert/strict";
import { inboxOf } from "../../../src/popup/model/inbox.ts";
import { withAcknowledged } from "../../../src/popup/state/app-context.ts";
import { device, finding, member, report, room } from "./report-parts.ts";

const sample = () =>
  report([
    room("!a:x", {
      members: [member("@bob:x", { displayName: "Bob", devices: [device("@bob:x", "B1", { displayName: "Phone" })] })],
      findings: [
        finding("old-notice", { roomId: "!a:x", severity: "notice", firstSeen: 1 }),
        finding("acked-critical", { roomId: "!a:x", severity: "critical", acknowledged: true }),
        finding("new-warning", { roomId: "!a:x", severity: "warning", firstSeen: 50, userId: "@bob:x", deviceId: "B1" }),
      ],
    }),
    room("!b:x", {
      findings: [
        finding("critical", { roomId: "!b:x", severity: "critical", firstSeen: 5 }),
        finding("newer-notice", { roomId: "!b:x", severity: "notice", firstSeen: 9 }),
      ],
    }),
  ]);

test("the inbox holds unacknowledged findings of all rooms, most severe first, then newest", () => {
  const ids = inboxOf(sample()).map((item) => item.finding.id);
  assert.deepEqual(ids, ["critical", "new-warning", "newer-notice", "old-notice"]);
});

test("each inbox item carries its room, member and device for display", () => {
  const item = inboxOf(sample()).find((i) => i.finding.id === "new-warning")!;
  assert.equal(item.room.roomId, "!a:x");
  assert.equal(item.member?.displayName, "Bob");
  assert.equal(item.device?.displayName, "Phone");
});

test("acknowledging locally removes findings from the inbox and recounts the summary", () => {
  const after = withAcknowledged(sample(), new Set(["critical", "old-notice"]));
  assert.deepEqual(inboxOf(after).map((i) => i.finding.id), ["new-warning", "newer-notice"]);
  assert.equal(after.summary.unacknowledged, 2);
});
