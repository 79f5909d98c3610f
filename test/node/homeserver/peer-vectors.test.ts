// Keys made by another project (matrix-js-sdk's test data), served as written, judged by the real
// Rust crypto: Alice's and Bob's signed keys are accepted, a forged copy is not, and Bob's
// alternative identity shows up as an identity change.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startHomeserver, type Homeserver, type Scenario } from "../../homeserver/index.ts";
import { createTestClient, waitFor, type TestClient } from "../../helpers/matrix-client.ts";
import { PEER_ROOM, PEER_VIEWER, loadPeerVectors, peerVectorsScenario } from "../../scenarios/peer-vectors.ts";

const vectors = loadPeerVectors();
const ALICE = vectors.alice.user_id;
const BOB = vectors.bob.user_id;
const FORGER = "@forger:localhost";

/** Alice's published keys relabelled as someone else's: every signature becomes wrong. */
function withForger(scenario: Scenario): Scenario {
  const relabel = (key: Record<string, unknown>) => ({ ...structuredClone(key), user_id: FORGER, signatures: { [FORGER]: Object.values((key.signatures ?? {}) as Record<string, unknown>)[0] ?? {} } });
  const alice = vectors.alice;
  const cross = alice.signed_cross_signing_keys;
  scenario.users.push({
    id: FORGER,
    password: "forger-password",
    rawKeys: {
      devices: { [alice.device_id]: relabel(alice.device_keys) },
      master_key: relabel(cross.master_keys[ALICE]!),
      self_signing_key: relabel(cross.self_signing_keys[ALICE]!),
      user_signing_key: relabel(cross.user_signing_keys[ALICE]!),
    },
  });
  scenario.rooms![0]!.members!.push(FORGER);
  return scenario;
}

describe("peer vectors through the real Rust crypto", () => {
  let hs: Homeserver;
  let viewer: TestClient;

  before(async () => {
    hs = await startHomeserver({ scenario: withForger(peerVectorsScenario(vectors)) });
    viewer = await createTestClient({ baseUrl: hs.url, ...PEER_VIEWER });
  });

  after(async () => {
    await viewer?.stop();
    await hs?.stop();
  });

  test("the server serves the published keys exactly as written", async () => {
    const response = await fetch(`${hs.url}/_matrix/client/v3/keys/query`, {
      method: "POST",
      headers: { Authorization: `Bearer ${viewer.client.getAccessToken()}` },
      body: JSON.stringify({ device_keys: { [ALICE]: [], [BOB]: [] } }),
    });
    const body = (await response.json()) as Record<string, Record<string, unknown>>;
    assert.deepEqual(body.master_keys![ALICE], vectors.alice.signed_cross_signing_keys.master_keys[ALICE]);
    assert.deepEqual(body.self_signing_keys![BOB], vectors.bob.signed_cross_signing_keys.self_signing_keys[BOB]);
    const { unsigned: _unsigned, ...aliceDevice } = (body.device_keys![ALICE] as Record<string, Record<string, unknown>>)[vectors.alice.device_id]!;
    assert.deepEqual(aliceDevice, vectors.alice.device_keys);
    assert.equal(body.user_signing_keys, undefined, "others' user-signing keys are never served");
  });

  test("Rust crypto accepts Alice's and Bob's devices and cross-signing identities", async () => {
    const devices = await viewer.crypto.getUserDeviceInfo([ALICE, BOB], true);
    assert.ok(devices.get(ALICE)?.has(vectors.alice.device_id), "Alice's device accepted");
    assert.ok(devices.get(BOB)?.has(vectors.bob.device_id), "Bob's device accepted");
    assert.equal(await viewer.crypto.userHasCrossSigningKeys(ALICE, true), true);
    assert.equal(await viewer.crypto.userHasCrossSigningKeys(BOB, true), true);
    const bob = await viewer.crypto.getUserVerificationStatus(BOB);
    assert.equal(bob.needsUserApproval, false, "first sight of Bob's identity is pinned, not flagged");
  });

  test("Rust crypto refuses the same keys with signatures that do not match", async () => {
    const devices = await viewer.crypto.getUserDeviceInfo([FORGER], true);
    assert.equal(devices.get(FORGER)?.size ?? 0, 0, "forged device dropped");
    assert.equal(await viewer.crypto.userHasCrossSigningKeys(FORGER, true), false, "forged identity refused");
  });

  test("serving Bob's alternative keys is seen as an identity change", async () => {
    const oldMaster = Object.keys(hs.state.users.get(BOB)!.crossSigning.master!.keys as object)[0];
    await hs.applyStep("bob-resets-identity");
    await waitFor(async () => (await viewer.crypto.getUserVerificationStatus(BOB)).needsUserApproval, "the viewer to flag Bob's new master key");
    const newMaster = Object.keys(hs.state.users.get(BOB)!.crossSigning.master!.keys as object)[0];
    assert.notEqual(newMaster, oldMaster);
    assert.equal((await viewer.crypto.getUserVerificationStatus(ALICE)).needsUserApproval, false, "Alice unchanged");
    assert.ok(viewer.client.getRoom(PEER_ROOM), "the viewer is in the shared room");
  });
});
