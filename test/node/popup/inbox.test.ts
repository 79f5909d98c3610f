import { test } from "node:test";
import assert from "node:assert/strict";
import { findingCount, inboxOf } from "../../../src/popup/model/inbox.ts";
import { withAcknowledged } from "../../../src/popup/state/app-context.ts";
import { device, finding, member, report, room } from "./report-parts.ts";

const sample = () =>
  report([
    room("!a:x", {
      members: [member("@bob:x", { displayName: "Bob", devices: [device("@bob:x", "B1", { displayName: "Phone" })] })],
      findings: [
        finding("old-notice", { roomId: "!a:x", severity: "notice", firstSeen: 1, userId: "@n1:x" }),
        finding("acked-critical", { roomId: "!a:x", severity: "critical", acknowledged: true }),
        finding("new-warning", { roomId: "!a:x", severity: "warning", firstSeen: 50, userId: "@bob:x", deviceId: "B1" }),
      ],
    }),
    room("!b:x", {
      findings: [
        finding("critical", { roomId: "!b:x", kind: "verification-violation", severity: "critical", firstSeen: 5 }),
        finding("newer-notice", { roomId: "!b:x", severity: "notice", firstSeen: 9, userId: "@n2:x" }),
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

test("the same finding in several rooms is one entry naming its rooms; acknowledging it acknowledges each room's", () => {
  const eve = (roomId: string, id: string, extra = {}) =>
    finding(id, { roomId, kind: "new-unverified-device", severity: "warning", userId: "@eve:x", deviceId: "E1", ed25519: "KEY1", ...extra });
  const r = report([
    room("!ops:x", { name: "Ops", findings: [eve("!ops:x", "ops", { firstSeen: 30 })] }),
    room("!falcon:x", { name: "Project Falcon", findings: [eve("!falcon:x", "falcon", { firstSeen: 20 })] }),
    // The same device ID with another key is another device; another kind is another problem.
    room("!c:x", { name: "C", findings: [eve("!c:x", "new-key", { ed25519: "KEY2" }), eve("!c:x", "unsigned", { kind: "unsigned-device", severity: "notice" })] }),
  ]);
  r.summary.unacknowledged = 4;
  const inbox = inboxOf(r);
  assert.equal(inbox.length, 3);
  assert.equal(findingCount(inbox), 4, "the count is still of findings, as on the toolbar icon");
  const both = inbox.find((i) => i.findings.length > 1)!;
  assert.deepEqual(both.rooms.map((x) => x.name), ["Ops", "Project Falcon"]);
  assert.deepEqual(both.findings.map((f) => f.id), ["ops", "falcon"]);
  assert.equal(both.finding.id, "falcon", "shown as first seen: the earliest of its rooms");
  assert.equal(both.room.name, "Project Falcon");

  const after = withAcknowledged(r, new Set(both.findings.map((f) => f.id)));
  assert.deepEqual(inboxOf(after).map((i) => i.finding.id).sort(), ["new-key", "unsigned"]);
  assert.equal(after.summary.unacknowledged, 2);
});
