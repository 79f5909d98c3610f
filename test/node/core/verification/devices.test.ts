import { test } from "node:test";
import assert from "node:assert/strict";
import { World, eventually, rejection } from "./clients.ts";
import { verifySessionWithRecoveryKey } from "../../../../src/core/verification/restore.ts";
import {
  crossSignOwnDevice,
  fingerprintGroups,
  readDeviceFingerprint,
  setDeviceVerifiedByHand,
} from "../../../../src/core/verification/devices.ts";

const ALICE = "@alice:localhost";
const BOB = "@bob:localhost";
const scenario = {
  name: "unsigned-devices",
  users: [
    { id: ALICE, password: "alice-pw", secretStorage: true, devices: [{ id: "TABLET", signedByOwner: false }] },
    { id: BOB, password: "bob-pw", devices: [{ id: "LAPTOP", displayName: "Bob's <b>laptop</b>", signedByOwner: false }] },
  ],
  rooms: [{ creator: ALICE, members: [BOB], encrypted: true }],
};

test("fingerprints are shown in groups of four", () => {
  assert.deepEqual(fingerprintGroups("abcdefghij"), ["abcd", "efgh", "ij"]);
  assert.deepEqual(fingerprintGroups(""), []);
});

test("a device verified by hand after comparing its fingerprint is localVerified; a changed key is refused", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const alice = await world.signIn(ALICE, "extension");
  const laptop = await readDeviceFingerprint(alice.client, BOB, "LAPTOP");
  assert.equal(laptop.groups.join(""), laptop.ed25519);
  assert.equal(laptop.displayName, "Bob's <b>laptop</b>");
  assert.equal(laptop.localVerified, false);

  const refused = await rejection(() => setDeviceVerifiedByHand(alice.client, BOB, "LAPTOP", true, "AAAA" + laptop.ed25519.slice(4)));
  assert.equal(refused.code, "key-mismatch");
  assert.equal((await alice.crypto.getDeviceVerificationStatus(BOB, "LAPTOP"))?.localVerified, false);

  const marked = await setDeviceVerifiedByHand(alice.client, BOB, "LAPTOP", true, laptop.ed25519);
  assert.equal(marked.localVerified, true);
  assert.equal((await alice.crypto.getDeviceVerificationStatus(BOB, "LAPTOP"))?.localVerified, true);
  const unmarked = await setDeviceVerifiedByHand(alice.client, BOB, "LAPTOP", false, laptop.ed25519);
  assert.equal(unmarked.localVerified, false);

  assert.equal((await rejection(() => readDeviceFingerprint(alice.client, BOB, "NOPE"))).code, "unknown-device");
});

test("signing my own device needs a verified session, then makes it crossSigningVerified", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const alice = await world.signIn(ALICE, "extension");
  await eventually(async () => (await alice.crypto.getUserDeviceInfo([ALICE], true)).get(ALICE)?.has("TABLET") === true, "my tablet listed");
  const shown = await readDeviceFingerprint(alice.client, ALICE, "TABLET");
  assert.equal((await rejection(() => crossSignOwnDevice(alice.client, "TABLET", shown.ed25519))).code, "no-identity");

  await verifySessionWithRecoveryKey(alice.client, alice.broker, world.account(ALICE).recoveryKey!);
  const before = await readDeviceFingerprint(alice.client, ALICE, "TABLET");
  assert.equal(before.crossSigningVerified, false);
  const wrong = await rejection(() => crossSignOwnDevice(alice.client, "TABLET", "AAAA" + before.ed25519.slice(4)));
  assert.equal(wrong.code, "key-mismatch");
  assert.equal((await readDeviceFingerprint(alice.client, ALICE, "TABLET")).crossSigningVerified, false, "nothing signed");
  const after = await crossSignOwnDevice(alice.client, "TABLET", before.ed25519);
  assert.equal(after.crossSigningVerified, true);
  assert.equal(after.signedByOwner, true);
});
