import { test } from "node:test";
import assert from "node:assert/strict";
import { fingerprintGroups } from "../../../src/popup/model/fingerprint.ts";
import { memberRows, sortMembers } from "../../../src/popup/model/member-rows.ts";
import { roomCounts, roomMatches } from "../../../src/popup/model/room-summary.ts";
import { device, finding, member, room } from "./report-parts.ts";

test("room counts: members, verified members, devices, open problems", () => {
  const r = room("!r:x", {
    members: [
      member("@me:x", { verdict: "me", devices: [device("@me:x", "A")] }),
      member("@v:x", { verdict: "verified", devices: [device("@v:x", "B"), device("@v:x", "C")] }),
      member("@u:x"),
    ],
    findings: [finding("1"), finding("2", { acknowledged: true })],
  });
  assert.deepEqual(roomCounts(r), { members: 3, verifiedMembers: 1, devices: 3, openProblems: 1 });
});

test("the room filter ignores case and accents and also matches IDs", () => {
  const r = room("!abc:x", { name: "Équipe Café" });
  assert.ok(roomMatches(r, "equipe"));
  assert.ok(roomMatches(r, "CAFE"));
  assert.ok(roomMatches(r, "!abc"));
  assert.ok(roomMatches(r, "  "));
  assert.ok(!roomMatches(r, "falcon"));
});

test("fingerprints split into groups of four", () => {
  assert.deepEqual(fingerprintGroups("abcdefghij"), ["abcd", "efgh", "ij"]);
  assert.equal(fingerprintGroups("jqkpPSA8cqmuSRMhdRiaGOT2vgGn7a4KEUdWc1MDPyQ").length, 11);
});

test("members sort riskiest first; expanding a member adds its actions and devices", () => {
  const members = sortMembers([
    member("@me:x", { verdict: "me" }),
    member("@ok:x", { verdict: "verified", devices: [device("@ok:x", "O1")] }),
    member("@bad:x", { verdict: "verification-violation", devices: [device("@bad:x", "X1"), device("@bad:x", "X2", { firstSeen: 42 })] }),
    member("@unknown:x", { devicesKnown: false }),
  ]);
  assert.deepEqual(members.map((m) => m.userId), ["@bad:x", "@unknown:x", "@ok:x", "@me:x"]);
  const rows = memberRows(members, new Set(["@bad:x", "@unknown:x"]));
  assert.deepEqual(
    rows.map((r) => `${r.kind}:${r.member.userId}${r.kind === "device" ? `:${r.device.deviceId}:${r.device.firstSeen}` : ""}`),
    ["member:@bad:x", "member-actions:@bad:x", "device:@bad:x:X1:undefined", "device:@bad:x:X2:42", "member:@unknown:x", "member-actions:@unknown:x", "no-devices:@unknown:x", "member:@ok:x", "member:@me:x"],
  );
});
