import { test } from "node:test";
import assert from "node:assert/strict";
import { World, rejection } from "./clients.ts";
import { completeSetup, createRecoveryKey } from "../../../../src/core/verification/setup.ts";
import { readIdentityStatus } from "../../../../src/core/verification/status.ts";
import { verifySessionWithRecoveryKey } from "../../../../src/core/verification/restore.ts";

const ALICE = "@alice:localhost";
const scenario = {
  name: "fresh-account",
  users: [{ id: ALICE, password: "alice-pw", crossSigning: false, devices: [] }],
};

test("set-up gives a fresh account an identity and a recovery key that verifies a new session", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const first = await world.signIn(ALICE, "first");

  const before = await readIdentityStatus(first.client);
  assert.equal(before.accountHasIdentity, false);
  assert.equal(before.ready, false);
  assert.deepEqual(before.actions, ["set-up"]);

  const key = await createRecoveryKey(first.client);
  assert.match(key.encoded, /^(\w{4} ){11}\w{4}$/);
  const shown = key.encoded;
  assert.equal(await completeSetup(first.client, first.broker, key, "alice-pw"), "set-up");
  assert.equal(await first.crypto.isCrossSigningReady(), true);
  assert.equal(await first.crypto.isSecretStorageReady(), true);
  const after = await readIdentityStatus(first.client);
  assert.equal(after.thisSessionVerified, true);
  assert.equal(after.recoveryReady, true);

  // Idempotent: a second run changes nothing.
  const masterBefore = await first.crypto.getCrossSigningKeyId();
  assert.equal(await completeSetup(first.client, first.broker, await createRecoveryKey(first.client), "alice-pw"), "already-set-up");
  assert.equal(await first.crypto.getCrossSigningKeyId(), masterBefore);

  // A second session is not verified until the recovery key is given.
  const second = await world.signIn(ALICE, "second");
  const unverified = await readIdentityStatus(second.client);
  assert.equal(unverified.accountHasIdentity, true);
  assert.equal(unverified.thisSessionVerified, false);
  assert.ok(unverified.actions.includes("verify-with-recovery-key"));
  const refused = await rejection(() => completeSetup(second.client, second.broker, key, "alice-pw"));
  assert.equal(refused.code, "identity-exists");

  await verifySessionWithRecoveryKey(second.client, second.broker, shown);
  const verified = await readIdentityStatus(second.client);
  assert.equal(verified.thisSessionVerified, true);
  assert.equal(await second.crypto.isCrossSigningReady(), true);
  assert.equal(await second.crypto.getCrossSigningKeyId(), masterBefore);
});
