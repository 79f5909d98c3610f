import { test } from "node:test";
import assert from "node:assert/strict";
import { World, rejection } from "./clients.ts";
import { verifySessionWithRecoveryKey } from "../../../../src/core/verification/restore.ts";
import { createRecoveryKey, resetIdentity } from "../../../../src/core/verification/setup.ts";
import { readIdentityStatus } from "../../../../src/core/verification/status.ts";

const ALICE = "@alice:localhost";
const scenario = { name: "alice-resets", users: [{ id: ALICE, password: "alice-pw", secretStorage: true, devices: [] }] };

test("resetting the identity needs explicit confirmation and the right password; failures change nothing", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const oldRecoveryKey = world.account(ALICE).recoveryKey!;
  const alice = await world.signIn(ALICE, "extension");
  await verifySessionWithRecoveryKey(alice.client, alice.broker, oldRecoveryKey);
  const serverMaster = () => JSON.stringify(world.hs.state.users.get(ALICE)!.crossSigning.master);
  const masterBefore = serverMaster();
  const defaultKeyBefore = await alice.client.secretStorage.getDefaultKeyId();

  const unconfirmed = await rejection(async () =>
    resetIdentity(alice.client, alice.broker, await createRecoveryKey(alice.client), "alice-pw", false),
  );
  assert.equal(unconfirmed.code, "confirmation-required");

  const wrong = await rejection(async () =>
    resetIdentity(alice.client, alice.broker, await createRecoveryKey(alice.client), "not-her-password", true),
  );
  assert.equal(wrong.code, "wrong-password");
  assert.match(wrong.message, /refused that password/);
  // Nothing changed: the server's identity, the recovery key, and this session's standing.
  assert.equal(serverMaster(), masterBefore);
  const fresh = await world.signIn(ALICE, "check-after-wrong-password");
  assert.equal(await fresh.client.secretStorage.getDefaultKeyId(), defaultKeyBefore);
  await verifySessionWithRecoveryKey(fresh.client, fresh.broker, oldRecoveryKey);
  assert.equal((await readIdentityStatus(fresh.client)).thisSessionVerified, true);
  const stillHere = await readIdentityStatus(alice.client);
  assert.equal(stillHere.thisSessionVerified, true);
  assert.equal(await alice.crypto.isCrossSigningReady(), true);

  // The real reset: new identity, new recovery key; the old key no longer opens it.
  const newKey = await createRecoveryKey(alice.client);
  const shown = newKey.encoded;
  await resetIdentity(alice.client, alice.broker, newKey, "alice-pw", true);
  assert.notEqual(serverMaster(), masterBefore);
  assert.equal(await alice.crypto.isCrossSigningReady(), true);
  assert.equal(await alice.crypto.isSecretStorageReady(), true);
  const later = await world.signIn(ALICE, "after-reset");
  const old = await rejection(() => verifySessionWithRecoveryKey(later.client, later.broker, oldRecoveryKey));
  assert.equal(old.code, "wrong-recovery-key");
  await verifySessionWithRecoveryKey(later.client, later.broker, shown);
  assert.equal((await readIdentityStatus(later.client)).thisSessionVerified, true);
});
