// What the audit writes to the history and the identity-change records when a report changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reportChanges } from "../../../src/core/report-changes.ts";
import type { AuditReport, DeviceTrust, MemberTrust, RoomAudit } from "../../../src/core/verdicts.ts";
import { reportBody } from "../../../src/core/risk.ts";

const ME = "@me:x";
const AT = 1_700_000_000_000;

function device(deviceId: string, over: Partial<DeviceTrust> = {}): DeviceTrust {
  return {
    userId: "@alice:x",
    deviceId,
    displayName: `${deviceId} name`,
    ed25519: `key-${deviceId}`,
    verdict: "cross-signed",
    facts: { signedByOwner: true, crossSigningVerified: false, localVerified: false },
    ...over,
  };
}

function member(userId: string, over: Partial<MemberTrust> = {}): MemberTrust {
  return { userId, displayName: null, verdict: "unverified", masterKey: `mk-${userId}`, devices: [], devicesKnown: true, ...over };
}

function room(roomId: string, members: MemberTrust[], encrypted = true): RoomAudit {
  return {
    roomId,
    name: `Room ${roomId}`,
    encrypted,
    isDirect: false,
    shield: "normal",
    members,
    findings: [],
    policyPreview: { excludedDevices: [], failingUsers: [], onlySignedFailingUsers: [], onlySignedBlocked: null },
  };
}

function report(rooms: RoomAudit[]): AuditReport {
  return {
    version: 1,
    generatedAt: AT,
    account: { userId: ME, deviceId: "MINE", ownIdentityTrusted: true, trustCaveat: null },
    ...reportBody(rooms),
  };
}

const kinds = (changes: ReturnType<typeof reportChanges>) => changes.history.map((c) => `${c.kind} ${c.roomId ?? "-"} ${c.userId} ${c.deviceId ?? "-"}`).sort();

test("the first audit enters each encrypted room's members (not me, not unencrypted rooms)", () => {
  const next = report([room("!a", [member(ME), member("@alice:x")]), room("!plain", [member("@bob:x")], false)]);
  const changes = reportChanges(null, next, AT);
  assert.deepEqual(kinds(changes), ["member-joined !a @alice:x -"]);
  assert.match(changes.history[0]!.detail, /when the audit first saw it encrypted/);
  assert.equal(changes.history[0]!.at, AT);
});

test("nothing changed, nothing logged", () => {
  const same = report([room("!a", [member(ME), member("@alice:x", { devices: [device("D1")] })])]);
  assert.deepEqual(reportChanges(same, structuredClone(same), AT), { history: [], identityChanges: [] });
});

test("joins and leaves are per room; a room that turned encrypted starts its log", () => {
  const before = report([room("!a", [member(ME), member("@alice:x"), member("@bob:x")]), room("!b", [member("@carol:x")], false)]);
  const after = report([room("!a", [member(ME), member("@alice:x"), member("@dan:x")]), room("!b", [member("@carol:x")])]);
  assert.deepEqual(kinds(reportChanges(before, after, AT)), [
    "member-joined !a @dan:x -",
    "member-joined !b @carol:x -",
    "member-left !a @bob:x -",
  ]);
});

test("sessions added, removed, re-keyed, signed and verified are logged once per person, without a room", () => {
  const was = member("@alice:x", {
    devices: [
      device("OLD"),
      device("REKEY"),
      device("SIGN", { facts: { signedByOwner: false, crossSigningVerified: false, localVerified: false }, verdict: "unsigned" }),
      device("VERIFY"),
    ],
  });
  const now = member("@alice:x", {
    devices: [
      device("REKEY", { ed25519: "another key" }),
      device("SIGN"),
      device("VERIFY", { verdict: "locally-verified" }),
      device("NEW", { displayName: "<img src=x onerror=alert(1)>" }),
    ],
  });
  const changes = reportChanges(report([room("!a", [was]), room("!b", [was])]), report([room("!a", [now]), room("!b", [now])]), AT);
  assert.deepEqual(kinds(changes), [
    "device-added - @alice:x NEW",
    "device-added - @alice:x REKEY",
    "device-removed - @alice:x OLD",
    "device-signed - @alice:x SIGN",
    "device-verified - @alice:x VERIFY",
  ]);
  const added = changes.history.find((c) => c.deviceId === "NEW")!;
  assert.ok(added.detail.includes("“<img src=x onerror=alert(1)>”"), "the name is quoted as given (the popup renders it as text)");
});

test("a device list not yet known on either side is no reason to log sessions", () => {
  const unknown = member("@alice:x", { devicesKnown: false, devices: [] });
  const known = member("@alice:x", { devices: [device("D1"), device("D2")] });
  assert.deepEqual(reportChanges(report([room("!a", [unknown])]), report([room("!a", [known])]), AT).history, []);
  assert.deepEqual(reportChanges(report([room("!a", [known])]), report([room("!a", [unknown])]), AT).history, []);
});

test("a new master key: identity reset in the history, and an identity change with both keys", () => {
  const before = report([room("!a", [member("@bob:x", { masterKey: "K1", verdict: "verified" })])]);
  const after = report([room("!a", [member("@bob:x", { masterKey: "K2", verdict: "verification-violation" })])]);
  const changes = reportChanges(before, after, AT);
  assert.deepEqual(kinds(changes), ["identity-reset - @bob:x -"]);
  assert.deepEqual(changes.identityChanges, [{ userId: "@bob:x", previousMasterKey: "K1", newMasterKey: "K2" }]);
});

test("an identity change already shown is recorded from the first audit, its earlier key unknown", () => {
  const changed = report([room("!a", [member("@bob:x", { masterKey: "K2", verdict: "identity-changed" })])]);
  assert.deepEqual(reportChanges(null, changed, AT).identityChanges, [{ userId: "@bob:x", previousMasterKey: null, newMasterKey: "K2" }]);
  assert.deepEqual(reportChanges(changed, structuredClone(changed), AT).identityChanges, [], "not again while nothing changes");
});

test("a person becoming verified is logged; a very long name is cut", () => {
  const long = "N".repeat(5000);
  const before = report([room("!a", [member("@bob:x", { displayName: long })])]);
  const after = report([room("!a", [member("@bob:x", { displayName: long, verdict: "verified" })])]);
  const [entry] = reportChanges(before, after, AT).history;
  assert.equal(entry?.kind, "user-verified");
  assert.ok(entry!.detail.length < 300, `detail length ${entry!.detail.length}`);
});
