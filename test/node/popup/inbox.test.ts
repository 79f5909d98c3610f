import { test } from "node:test";
import assert from "node:assert/strict";
import { inboxOf, roomItems } from "../../../src/popup/model/inbox.ts";
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

test("the inbox holds unacknowledged problems of all rooms, most severe first, then newest", () => {
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
  assert.equal(after.summary.problems.unacknowledged, 2);
});

test("one problem per subject: a device's findings in every room and of every kind are one entry; acknowledging it acknowledges them all", () => {
  const eve = (roomId: string, id: string, extra = {}) =>
    finding(id, { roomId, kind: "new-unverified-device", severity: "warning", userId: "@eve:x", deviceId: "E1", ed25519: "KEY1", ...extra });
  const r = report([
    room("!ops:x", { name: "Ops", findings: [eve("!ops:x", "ops", { firstSeen: 30 }), eve("!ops:x", "ops-unsigned", { kind: "unsigned-device-of-verified-user", severity: "critical", firstSeen: 30 })] }),
    room("!falcon:x", { name: "Project Falcon", findings: [eve("!falcon:x", "falcon", { firstSeen: 20 })] }),
    // The same device ID with another key is another device.
    room("!c:x", { name: "C", findings: [eve("!c:x", "new-key", { ed25519: "KEY2" })] }),
  ]);
  const inbox = inboxOf(r);
  assert.equal(inbox.length, 2, "two devices, two problems");
  assert.equal(r.summary.problems.unacknowledged, 2, "the summary counts the same problems");
  assert.equal(r.problems.length, 2);
  const both = inbox.find((i) => i.findings.length > 1)!;
  assert.equal(both.problem.severity, "critical", "the highest severity of its findings");
  assert.deepEqual(both.problem.kinds, ["unsigned-device-of-verified-user", "new-unverified-device"]);
  assert.deepEqual(both.rooms.map((x) => x.name), ["Ops", "Project Falcon"]);
  assert.deepEqual(both.findings.map((f) => f.id), ["ops", "ops-unsigned", "falcon"]);
  assert.equal(both.finding.id, "ops-unsigned", "its actions follow its most severe finding");
  assert.equal(both.problem.firstSeen, 20, "first seen: the earliest of its findings");

  const here = roomItems(r, r.rooms.find((x) => x.roomId === "!falcon:x")!);
  assert.equal(here.length, 1, "a room lists the problems touching it");
  assert.deepEqual(here[0]!.findings.map((f) => f.id), ["falcon"], "with this room's findings");
  assert.deepEqual(here[0]!.problem.findingIds, ["ops", "ops-unsigned", "falcon"], "but acknowledging it acknowledges the problem everywhere");

  const after = withAcknowledged(r, new Set(both.problem.findingIds));
  assert.deepEqual(inboxOf(after).map((i) => i.finding.id), ["new-key"]);
  assert.equal(after.summary.unacknowledged, 1);
  assert.equal(after.summary.problems.unacknowledged, 1);
  assert.equal(after.problems.find((p) => p.id === both.problem.id)?.acknowledged, true);
});

test("a person's identity change is one problem across rooms, apart from their devices' problems", () => {
  const bob = (roomId: string, id: string, extra = {}) => finding(id, { roomId, userId: "@bob:x", ...extra });
  const r = report([
    room("!a:x", { findings: [bob("!a:x", "va", { kind: "verification-violation", severity: "critical", masterKey: "M2" }), bob("!a:x", "da", { kind: "unsigned-device", deviceId: "B1", ed25519: "K" })] }),
    room("!b:x", { findings: [bob("!b:x", "vb", { kind: "verification-violation", severity: "critical", masterKey: "M2" }), bob("!b:x", "lb", { kind: "user-without-cross-signing", userId: "@erin:x" })] }),
  ]);
  const inbox = inboxOf(r);
  assert.deepEqual(inbox.map((i) => i.problem.subject), ["identity", "device", "no-identity"]);
  assert.deepEqual(inbox[0]!.problem.findingIds, ["va", "vb"]);
  assert.deepEqual(r.summary.problems, { critical: 1, warning: 0, notice: 2, unacknowledged: 3 });
});
