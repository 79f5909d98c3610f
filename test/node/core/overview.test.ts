import { test } from "node:test";
import assert from "node:assert/strict";
import { acknowledgedIn } from "../../../src/background/audit/acknowledged-report.ts";
import { openEntries, overviewOf, overviewWithAcknowledged, roomDetailOf, roomEntries } from "../../../src/core/overview.ts";
import { problemsOf } from "../../../src/core/problems.ts";
import type { AuditReport } from "../../../src/core/verdicts.ts";
import { device, finding, member, report, room } from "../popup/report-parts.ts";

const sample = () =>
  report([
    room("!a:x", {
      name: "Room A",
      members: [
        member("@me:x", { verdict: "me", devices: [device("@me:x", "M1")] }),
        member("@bob:x", { displayName: "Bob", verdict: "verified", devices: [device("@bob:x", "B1", { displayName: "Phone" }), device("@bob:x", "B2")] }),
      ],
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

/** The rooms list's count as the popup made it from the full room before the overview: open problems here. */
const openHere = (r: AuditReport, roomId: string) => problemsOf(r.rooms.filter((x) => x.roomId === roomId)).filter((p) => !p.acknowledged).length;

test("the inbox holds unacknowledged problems of all rooms, most severe first, then newest", () => {
  const ids = overviewOf(sample()).inbox.map((entry) => entry.finding.id);
  assert.deepEqual(ids, ["critical", "new-warning", "newer-notice", "old-notice"]);
});

test("each inbox entry carries the names to show: person, device, rooms", () => {
  const entry = overviewOf(sample()).inbox.find((e) => e.finding.id === "new-warning")!;
  assert.equal(entry.who, "Bob");
  assert.equal(entry.deviceName, "Phone");
  assert.deepEqual(entry.rooms, [{ roomId: "!a:x", name: "Room A" }]);
  assert.equal(entry.acknowledged, false);
  assert.equal(entry.roomFindingIds, undefined, "the inbox shows all of the problem's findings");
});

test("a room's line has its counts and open problems, but none of its members or devices", () => {
  const r = sample();
  const overview = overviewOf(r);
  const a = overview.rooms.find((x) => x.roomId === "!a:x")!;
  assert.deepEqual(
    { members: a.members, verifiedMembers: a.verifiedMembers, devices: a.devices, open: a.open.length },
    { members: 2, verifiedMembers: 1, devices: 3, open: openHere(r, "!a:x") },
  );
  assert.deepEqual(a.open.map((o) => overview.inbox[o.entry]!.finding.id).sort(), ["new-warning", "old-notice"]);
  assert.deepEqual(a.open.map((o) => o.severity).sort(), ["notice", "warning"]);
  assert.ok(!("findings" in a) && !("policyPreview" in a));
  assert.ok(!JSON.stringify(overview).includes("M1"), "no device that no problem is about");
  assert.deepEqual(overview.rooms.map((x) => x.roomId), r.rooms.map((x) => x.roomId), "in the report's order");
});

test("a room's line keeps 'out of date', and the open count per room is that of its own findings", () => {
  const r = report([
    room("!late:x", { outOfDate: { since: 7 }, findings: [finding("l1", { roomId: "!late:x", ed25519: "K1" }), finding("l2", { roomId: "!late:x", ed25519: "K1", acknowledged: true })] }),
    room("!k:x", { findings: [finding("k1", { roomId: "!k:x", ed25519: "K1", acknowledged: true })] }),
  ]);
  const overview = overviewOf(r);
  assert.deepEqual(overview.rooms[0]!.outOfDate, { since: 7 });
  assert.equal(overview.rooms.find((x) => x.roomId === "!k:x")!.open.length, openHere(r, "!k:x"));
  assert.equal(overview.rooms.find((x) => x.roomId === "!late:x")!.open.length, openHere(r, "!late:x"));
});

test("acknowledging locally takes problems out of the inbox and the rooms' counts, as the next overview does", () => {
  const r = sample();
  const ids = ["critical", "old-notice"];
  const local = overviewWithAcknowledged(overviewOf(r), new Set(ids));
  const next = overviewOf(acknowledgedIn(r, ids).report);
  assert.deepEqual(openEntries(local).map((e) => e.finding.id), ["new-warning", "newer-notice"]);
  assert.deepEqual(openEntries(local).map((e) => e.finding.id), next.inbox.map((e) => e.finding.id));
  for (const line of local.rooms) assert.equal(line.open.length, next.rooms.find((x) => x.roomId === line.roomId)!.open.length, line.roomId);
  assert.equal(local.summary.problems.unacknowledged, next.summary.problems.unacknowledged);
  assert.equal(overviewWithAcknowledged(overviewOf(r), new Set(["nothing"])).inbox.length, 4, "unknown ids change nothing");
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
  const inbox = overviewOf(r).inbox;
  assert.equal(inbox.length, 2, "two devices, two problems");
  assert.equal(r.summary.problems.unacknowledged, 2, "the summary counts the same problems");
  const both = inbox.find((e) => e.problem.findingIds.length > 1)!;
  assert.equal(both.problem.severity, "critical", "the highest severity of its findings");
  assert.deepEqual(both.problem.kinds, ["unsigned-device-of-verified-user", "new-unverified-device"]);
  assert.deepEqual(both.rooms.map((x) => x.name), ["Ops", "Project Falcon"]);
  assert.deepEqual(both.problem.findingIds, ["ops", "ops-unsigned", "falcon"]);
  assert.equal(both.finding.id, "ops-unsigned", "its actions follow its most severe finding");
  assert.equal(both.problem.firstSeen, 20, "first seen: the earliest of its findings");

  const detail = roomDetailOf(r, "!falcon:x")!;
  assert.equal(detail.room.roomId, "!falcon:x");
  const here = roomEntries(detail);
  assert.equal(here.length, 1, "a room lists the problems touching it");
  assert.deepEqual(here[0]!.roomFindingIds, ["falcon"], "with this room's findings");
  assert.deepEqual(here[0]!.problem.findingIds, ["ops", "ops-unsigned", "falcon"], "but acknowledging it acknowledges the problem everywhere");
  assert.equal(roomDetailOf(r, "!gone:x"), null);

  const after = acknowledgedIn(r, both.problem.findingIds).report;
  assert.deepEqual(overviewOf(after).inbox.map((e) => e.finding.id), ["new-key"]);
  assert.equal(after.summary.problems.unacknowledged, 1);
  const acknowledgedHere = roomEntries(roomDetailOf(after, "!ops:x")!);
  assert.equal(acknowledgedHere[0]!.acknowledged, true, "a room still lists an acknowledged problem, marked so");
});

test("a room lists its open problems first", () => {
  const r = report([
    room("!a:x", {
      findings: [
        finding("done", { roomId: "!a:x", severity: "critical", userId: "@d:x", acknowledged: true }),
        finding("open", { roomId: "!a:x", severity: "notice", userId: "@o:x" }),
      ],
    }),
  ]);
  assert.deepEqual(roomEntries(roomDetailOf(r, "!a:x")!).map((e) => e.finding.id), ["open", "done"]);
});

test("a look-alike name's entry names the member it reads as, from the room of its finding", () => {
  const r = report([
    room("!a:x", {
      members: [member("@alice:x", { displayName: "Alice" }), member("@alice2:x", { displayName: "Alice" })],
      findings: [finding("look", { roomId: "!a:x", kind: "lookalike-name", severity: "warning", userId: "@alice2:x", lookalikeOf: "@alice:x" })],
    }),
  ]);
  const [entry] = overviewOf(r).inbox;
  assert.equal(entry!.who, "Alice");
  assert.equal(entry!.lookalikeName, "Alice");
  assert.equal(entry!.deviceName, null);
});

test("a person's identity change is one problem across rooms, apart from their devices' problems", () => {
  const bob = (roomId: string, id: string, extra = {}) => finding(id, { roomId, userId: "@bob:x", ...extra });
  const r = report([
    room("!a:x", { findings: [bob("!a:x", "va", { kind: "verification-violation", severity: "critical", masterKey: "M2" }), bob("!a:x", "da", { kind: "unsigned-device", deviceId: "B1", ed25519: "K" })] }),
    room("!b:x", { findings: [bob("!b:x", "vb", { kind: "verification-violation", severity: "critical", masterKey: "M2" }), bob("!b:x", "lb", { kind: "user-without-cross-signing", userId: "@erin:x" })] }),
  ]);
  const inbox = overviewOf(r).inbox;
  assert.deepEqual(inbox.map((e) => e.problem.subject), ["identity", "device", "no-identity"]);
  assert.deepEqual(inbox[0]!.problem.findingIds, ["va", "vb"]);
  assert.deepEqual(r.summary.problems, { critical: 1, warning: 0, notice: 2, unacknowledged: 3 });
});
