import { test } from "node:test";
import assert from "node:assert/strict";
import { World, eventually, rejection, type TestClient } from "./clients.ts";
import { verifySessionWithRecoveryKey } from "../../../../src/core/verification/restore.ts";
import { readUserIdentity, resolveIdentityChange } from "../../../../src/core/verification/identity.ts";

const ALICE = "@alice:localhost";
const BOB = "@bob:localhost";

const scenario = (aliceVerifiedBob: boolean) => ({
  name: "bob-changes-identity",
  users: [
    { id: ALICE, password: "alice-pw", secretStorage: true, devices: [], verified: aliceVerifiedBob ? [BOB] : [] },
    { id: BOB, password: "bob-pw", devices: [{ id: "BOBPHONE" }] },
  ],
  rooms: [{ id: "!team:localhost", creator: ALICE, members: [BOB], encrypted: true }],
  steps: { "bob-resets": [{ action: "resetIdentity" as const, user: BOB, resignDevices: true }] },
});

async function aliceSession(world: World): Promise<TestClient> {
  const alice = await world.signIn(ALICE, "extension");
  await verifySessionWithRecoveryKey(alice.client, alice.broker, world.account(ALICE).recoveryKey!);
  await alice.crypto.getUserDeviceInfo([BOB], true);
  return alice;
}

test("accepting a changed identity (pin) clears needsUserApproval", async (t) => {
  const world = await World.start(scenario(false));
  t.after(() => world.stop());
  const alice = await aliceSession(world);
  const first = await readUserIdentity(alice.client, BOB);
  assert.equal(first.known, true);
  assert.equal(first.needsUserApproval, false);
  assert.equal((await rejection(() => resolveIdentityChange(alice.client, BOB, "pinned", first.masterKey!))).code, "wrong-step");

  await world.hs.applyStep("bob-resets");
  await eventually(async () => (await readUserIdentity(alice.client, BOB)).needsUserApproval, "the change seen");
  const changed = await readUserIdentity(alice.client, BOB);
  assert.notEqual(changed.masterKey, first.masterKey);

  const after = await resolveIdentityChange(alice.client, BOB, "pinned", changed.masterKey!);
  assert.equal(after.needsUserApproval, false);
  assert.equal(after.masterKey, changed.masterKey);
  assert.equal((await alice.crypto.getUserVerificationStatus(BOB)).needsUserApproval, false);
  // Withdrawing makes no sense for someone never verified.
  assert.equal((await rejection(() => resolveIdentityChange(alice.client, BOB, "withdrawn", changed.masterKey!))).code, "wrong-step");
});

test("withdrawing verification after a verified person's identity changed ends the violation", async (t) => {
  const world = await World.start(scenario(true));
  t.after(() => world.stop());
  const alice = await aliceSession(world);
  await eventually(async () => (await readUserIdentity(alice.client, BOB)).verified, "Bob verified through Alice's identity");

  await world.hs.applyStep("bob-resets");
  await eventually(async () => !(await readUserIdentity(alice.client, BOB)).verified, "the change seen");
  const violation = await readUserIdentity(alice.client, BOB);
  assert.equal(violation.wasVerified, true);

  const after = await resolveIdentityChange(alice.client, BOB, "withdrawn", violation.masterKey!);
  const status = await alice.crypto.getUserVerificationStatus(BOB);
  assert.equal(status.wasCrossSigningVerified(), false);
  assert.equal(status.needsUserApproval, false);
  assert.equal(after.wasVerified, false);
  assert.equal(after.verified, false);
});

test("identity actions refuse my own user and unknown people", async (t) => {
  const world = await World.start(scenario(false));
  t.after(() => world.stop());
  const alice = await aliceSession(world);
  const key = (await readUserIdentity(alice.client, BOB)).masterKey!;
  assert.equal((await rejection(() => resolveIdentityChange(alice.client, ALICE, "pinned", key))).code, "wrong-step");
  assert.equal((await rejection(() => resolveIdentityChange(alice.client, "@nobody:localhost", "pinned", key))).code, "no-identity");
});

// The server swaps the identity again between what the popup showed and the click: the decision
// was about the key shown, so nothing is accepted or withdrawn, and the person still needs a decision.
test("pin and withdraw with a master key that is no longer the current one are refused; nothing changes", async (t) => {
  for (const verified of [false, true]) {
    const world = await World.start({
      ...scenario(verified),
      steps: {
        "bob-resets": [{ action: "resetIdentity" as const, user: BOB, resignDevices: true }],
        "bob-resets-again": [{ action: "resetIdentity" as const, user: BOB, resignDevices: true }],
      },
    });
    t.after(() => world.stop());
    const alice = await aliceSession(world);
    const before = await readUserIdentity(alice.client, BOB);
    if (verified) await eventually(async () => (await readUserIdentity(alice.client, BOB)).verified, "Bob verified through Alice's identity");
    await world.hs.applyStep("bob-resets");
    await eventually(async () => (await readUserIdentity(alice.client, BOB)).masterKey !== before.masterKey, "the first change seen");
    const shown = await readUserIdentity(alice.client, BOB);
    await world.hs.applyStep("bob-resets-again");
    await eventually(async () => (await readUserIdentity(alice.client, BOB)).masterKey !== shown.masterKey, "the second change seen");

    const resolution = verified ? "withdrawn" : "pinned";
    const refused = await rejection(() => resolveIdentityChange(alice.client, BOB, resolution, shown.masterKey!));
    assert.equal(refused.code, "key-mismatch", `${resolution}: ${refused.message}`);
    const status = await alice.crypto.getUserVerificationStatus(BOB);
    if (verified) assert.equal(status.wasCrossSigningVerified(), true, "the verification requirement was not withdrawn");
    else assert.equal(status.needsUserApproval, true, "nothing was pinned");
  }
});
