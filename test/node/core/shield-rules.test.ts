// Element's shield rules and the isolation-mode preview on hand-made trust tables. The same
// functions run on real crypto in audit-scenario.test.ts; these cover the corner cases of the rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { elementShield } from "../../../src/core/shield.ts";
import { policyPreview } from "../../../src/core/policy.ts";
import type { UserTrust } from "../../../src/core/user-trust.ts";
import type { DeviceVerdict } from "../../../src/core/verdicts.ts";

const ME = "@me:x";

function user(userId: string, opts: { verified?: boolean; was?: boolean; cs?: boolean; devices?: DeviceVerdict[] | null } = {}): UserTrust {
  const devices = opts.devices === null ? null : (opts.devices ?? ["verified"]).map((verdict, i) => ({
    userId,
    deviceId: `D${i}`,
    displayName: null,
    ed25519: `key${i}`,
    verdict,
    facts: { signedByOwner: verdict === "verified" || verdict === "cross-signed", crossSigningVerified: verdict === "verified", localVerified: verdict === "locally-verified" },
  }));
  return {
    userId,
    verdict: userId === ME ? "me" : opts.verified ? "verified" : "unverified",
    hasCrossSigning: opts.cs ?? true,
    crossSigningVerified: opts.verified ?? false,
    wasCrossSigningVerified: opts.was ?? opts.verified ?? false,
    needsUserApproval: false,
    masterKey: null,
    devices,
  };
}

function shield(users: UserTrust[], isDirect = false) {
  return elementShield(users.map((u) => u.userId), new Map(users.map((u) => [u.userId, u])), ME, isDirect);
}

test("verified when every other member is verified with verified devices", () => {
  assert.equal(shield([user(ME, { verified: true }), user("@a:x", { verified: true }), user("@b:x", { verified: true })]), "verified");
});

test("normal when someone is unverified and nothing is wrong", () => {
  assert.equal(shield([user(ME), user("@a:x", { verified: true }), user("@b:x")]), "normal");
});

test("warning on a verification violation, even in a DM", () => {
  assert.equal(shield([user(ME), user("@a:x", { verified: false, was: true })], true), "warning");
});

test("warning when a verified member has an unverified device", () => {
  assert.equal(shield([user(ME), user("@a:x", { verified: true, devices: ["verified", "unsigned"] }), user("@b:x")]), "warning");
});

test("warning when a verified member's device list is unknown", () => {
  assert.equal(shield([user(ME), user("@a:x", { verified: true, devices: null })]), "warning");
});

test("own unverified device: warns in a group room where someone is verified", () => {
  const me = user(ME, { verified: true, devices: ["verified", "cross-signed"] });
  assert.equal(shield([me, user("@a:x", { verified: true }), user("@b:x", { verified: true })]), "warning");
});

test("own unverified device: no warning in a 1:1 room, a DM, or where nobody is verified", () => {
  const me = user(ME, { verified: true, devices: ["verified", "cross-signed"] });
  assert.equal(shield([me, user("@a:x", { verified: true })]), "verified");
  assert.equal(shield([me, user("@a:x", { verified: true }), user("@b:x", { verified: true })], true), "verified");
  assert.equal(shield([me, user("@a:x"), user("@b:x")]), "normal");
});

test("own unverified device: warns when alone in the room", () => {
  assert.equal(shield([user(ME, { devices: ["verified", "unsigned"] })]), "warning");
  assert.equal(shield([user(ME, { devices: ["verified"] })]), "verified");
});

test("key-less own devices never raise Element's warning", () => {
  const me = user(ME, { devices: ["verified"] });
  me.devices!.push({ ...me.devices![0]!, deviceId: "KEYLESS", ed25519: null, verdict: "no-encryption" });
  assert.equal(shield([me]), "verified");
});

test("policy: OnlySigned excludes unsigned devices and users without cross-signing; strict mode fails on verified users' problems", () => {
  const me = user(ME, { verified: true, devices: ["verified"] });
  const carol = user("@carol:x", { verified: true, devices: ["verified", "unsigned"] });
  const dave = user("@dave:x", { devices: ["cross-signed", "unsigned"] });
  const erin = user("@erin:x", { cs: false, devices: ["no-cross-signing"] });
  const vic = user("@vic:x", { verified: false, was: true, devices: ["cross-signed"] });
  const p = policyPreview([me, carol, dave, erin, vic], { ownUserId: ME, ownDeviceId: "D0" });
  assert.deepEqual(p.excludedDevices, [
    { userId: "@carol:x", deviceId: "D1" },
    { userId: "@dave:x", deviceId: "D1" },
    { userId: "@erin:x", deviceId: "D0" },
  ]);
  assert.deepEqual(p.failingUsers, ["@carol:x", "@vic:x"]);
  assert.deepEqual(p.onlySignedFailingUsers, ["@vic:x"]);
  assert.equal(p.onlySignedBlocked, null);
});

test("policy: OnlySigned cannot send from a session that does not trust its own identity", () => {
  assert.equal(policyPreview([user(ME, { verified: false })], { ownUserId: ME, ownDeviceId: "D0" }).onlySignedBlocked, "this-device-unverified");
  assert.equal(policyPreview([user(ME, { cs: false })], { ownUserId: ME, ownDeviceId: "D0" }).onlySignedBlocked, "no-own-cross-signing");
});
