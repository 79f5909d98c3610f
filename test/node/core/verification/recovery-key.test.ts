import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/index.js";
import { webcrypto } from "node:crypto";
import { World, eventually, rejection } from "./clients.ts";
import { verifySessionWithRecoveryKey } from "../../../../src/core/verification/restore.ts";
import { readIdentityStatus } from "../../../../src/core/verification/status.ts";

const ALICE = "@alice:localhost";
const scenario = {
  name: "alice-with-recovery",
  users: [{ id: ALICE, password: "alice-pw", secretStorage: true, devices: [{ id: "PHONE" }] }],
};

const nothingCached = { masterKey: false, selfSigningKey: false, userSigningKey: false };

test("a wrong recovery key is refused and changes nothing; the right one verifies the session", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const recoveryKey = world.account(ALICE).recoveryKey!;
  assert.ok(recoveryKey);
  const alice = await world.signIn(ALICE);

  const before = await readIdentityStatus(alice.client);
  assert.equal(before.thisSessionVerified, false);
  assert.deepEqual(before.detail.privateKeysCachedLocally, nothingCached);

  // A well-formed key of another account.
  const otherKey = encodeRecoveryKey(webcrypto.getRandomValues(new Uint8Array(32)))!;
  const wrong = await rejection(() => verifySessionWithRecoveryKey(alice.client, alice.broker, otherKey));
  assert.equal(wrong.code, "wrong-recovery-key");
  assert.match(wrong.message, /does not match/);
  // Garbage input is refused with words, too.
  const garbage = await rejection(() => verifySessionWithRecoveryKey(alice.client, alice.broker, "not a key"));
  assert.equal(garbage.code, "wrong-recovery-key");

  const unchanged = await readIdentityStatus(alice.client);
  assert.equal(unchanged.thisSessionVerified, false);
  assert.deepEqual(unchanged.detail.privateKeysCachedLocally, nothingCached);
  assert.equal(await alice.crypto.isCrossSigningReady(), false);

  // Users paste keys with odd spacing.
  await verifySessionWithRecoveryKey(alice.client, alice.broker, `  ${recoveryKey.replace(/ /g, "  ")}\n`);
  const after = await readIdentityStatus(alice.client);
  assert.equal(after.thisSessionVerified, true);
  assert.equal(await alice.crypto.isCrossSigningReady(), true);
  // The identity's keys now vouch for Alice's other device as the server shows it.
  const phone = await alice.crypto.getDeviceVerificationStatus(ALICE, "PHONE");
  assert.equal(phone?.crossSigningVerified, true);
});

test("when the SDK asks for the key on its own, the broker prompts; a wrong answer keeps the prompt open", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const recoveryKey = world.account(ALICE).recoveryKey!;
  const alice = await world.signIn(ALICE);
  await alice.crypto.userHasCrossSigningKeys(ALICE, true);

  // bootstrapCrossSigning reads the identity keys from secret storage through getSecretStorageKey.
  const running = alice.crypto.bootstrapCrossSigning({});
  await eventually(() => alice.broker.prompt !== null, "a key prompt");
  const prompt = alice.broker.prompt!;
  assert.equal(prompt.secretName, "m.cross_signing.master");

  const otherKey = encodeRecoveryKey(webcrypto.getRandomValues(new Uint8Array(32)))!;
  const wrong = await rejection(() => alice.broker.answerPrompt(prompt.id, otherKey));
  assert.equal(wrong.code, "wrong-recovery-key");
  assert.equal(alice.broker.prompt?.id, prompt.id);

  await alice.broker.answerPrompt(prompt.id, recoveryKey);
  await running;
  assert.equal(alice.broker.prompt, null);
  await eventually(async () => (await readIdentityStatus(alice.client)).thisSessionVerified, "this session verified");
  alice.broker.forgetAnsweredKey();
});

test("a declined prompt tells the SDK there is no key, and the operation fails without changes", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const alice = await world.signIn(ALICE);
  await alice.crypto.userHasCrossSigningKeys(ALICE, true);
  const running = alice.crypto.bootstrapCrossSigning({});
  await eventually(() => alice.broker.prompt !== null, "a key prompt");
  alice.broker.declinePrompt(alice.broker.prompt!.id);
  await assert.rejects(running);
  const status = await readIdentityStatus(alice.client);
  assert.equal(status.thisSessionVerified, false);
  assert.deepEqual(status.detail.privateKeysCachedLocally, nothingCached);
});
