// Two real matrix-js-sdk clients with Rust crypto use the test homeserver end to end: cross-signing
// and secret storage set-up, emoji verification in a DM, a new unsigned device, an identity reset.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { bootstrapCrossSigning, bootstrapSecretStorage, createTestClient, waitFor, waitForDevices, type TestClient } from "../../helpers/matrix-client.ts";
import { verifyWithEmoji } from "../../helpers/sas.ts";
import { validateExchanges } from "../../helpers/spec-schemas.ts";

const DM_ROOM = "!dm:localhost";

describe("two real clients through the test homeserver", () => {
  let hs: Homeserver;
  let alice: TestClient;
  let bob: TestClient;
  let bobSecondDevice: TestClient | undefined;

  before(async () => {
    hs = await startHomeserver({
      record: true,
      scenario: {
        name: "two-clients",
        users: [
          { id: "@alice:localhost", password: "alice-pw", displayName: "Alice", crossSigning: false },
          { id: "@bob:localhost", password: "bob-pw", displayName: "Bob", crossSigning: false },
        ],
        rooms: [{ id: DM_ROOM, encrypted: true, direct: true, creator: "@alice:localhost", members: ["@bob:localhost"] }],
      },
    });
    alice = await createTestClient({ baseUrl: hs.url, userId: "@alice:localhost", password: "alice-pw", deviceName: "Alice's test client" });
    bob = await createTestClient({ baseUrl: hs.url, userId: "@bob:localhost", password: "bob-pw", deviceName: "Bob's test client" });
  });

  after(async () => {
    await Promise.all([alice?.stop(), bob?.stop(), bobSecondDevice?.stop()]);
    await hs?.stop();
  });

  test("both bootstrap cross-signing and secret storage", async () => {
    for (const client of [alice, bob]) {
      await bootstrapCrossSigning(client);
      await bootstrapSecretStorage(client);
      assert.equal(await client.crypto.isCrossSigningReady(), true, `${client.userId} cross-signing ready`);
      assert.equal(await client.crypto.isSecretStorageReady(), true, `${client.userId} secret storage ready`);
      const stored = hs.state.users.get(client.userId)!;
      assert.ok(stored.crossSigning.master && stored.crossSigning.self_signing && stored.crossSigning.user_signing, "server holds all three public keys");
      assert.ok(stored.accountData.get("m.cross_signing.master"), "server holds the encrypted master key");
    }
  });

  test("each sees the other's device and cross-signing keys", async () => {
    await waitForDevices(alice, bob.userId, (ids) => ids.includes(bob.deviceId), "Alice to see Bob's device");
    await waitForDevices(bob, alice.userId, (ids) => ids.includes(alice.deviceId), "Bob to see Alice's device");
    assert.equal(await alice.crypto.userHasCrossSigningKeys(bob.userId, true), true);
    assert.equal(await bob.crypto.userHasCrossSigningKeys(alice.userId, true), true);
    const bobDevice = await alice.crypto.getDeviceVerificationStatus(bob.userId, bob.deviceId);
    assert.equal(bobDevice?.signedByOwner, true, "Bob's device is signed by Bob's self-signing key");
    assert.equal(bobDevice?.crossSigningVerified, false, "not verified before SAS");
  });

  test("an encrypted message in the DM reaches Bob and decrypts (one-time keys claimed through the server)", async () => {
    await alice.client.sendTextMessage(DM_ROOM, "hello Bob");
    const received = await waitFor(() => {
      const events = bob.client.getRoom(DM_ROOM)?.getLiveTimeline().getEvents() ?? [];
      return events.find((event) => event.getType() === "m.room.message" && event.getContent().body === "hello Bob");
    }, "Bob to decrypt Alice's message");
    assert.equal(received.isEncrypted(), true);
    assert.ok(hs.exchanges.some((e) => e.route.endsWith("/keys/claim") && e.status === 200), "Alice claimed Bob's one-time key");
  });

  test("emoji verification in the DM makes each cross-signing verified for the other", async () => {
    const result = await verifyWithEmoji(alice, bob, DM_ROOM);
    assert.equal(result.initiatorEmoji.length, 7);
    assert.deepEqual(result.initiatorEmoji, result.responderEmoji, "both sides showed the same emoji");
    await waitFor(async () => (await alice.crypto.getUserVerificationStatus(bob.userId)).isCrossSigningVerified(), "Alice to trust Bob");
    await waitFor(async () => (await bob.crypto.getUserVerificationStatus(alice.userId)).isCrossSigningVerified(), "Bob to trust Alice");
    assert.equal((await alice.crypto.getDeviceVerificationStatus(bob.userId, bob.deviceId))?.crossSigningVerified, true);
    // The verification went through the room: the server relayed the request and m.key.verification.* events.
    const events = hs.state.rooms.get(DM_ROOM)!.events.map((stored) => stored.event);
    assert.ok(events.some((event) => event.type === "m.room.message" && event.content.msgtype === "m.key.verification.request"));
    for (const type of ["ready", "start", "accept", "key", "mac", "done"]) {
      assert.ok(events.some((event) => event.type === `m.key.verification.${type}`), `m.key.verification.${type} in the DM`);
    }
    // Alice's user-signing key signed Bob's master key on the server.
    const master = hs.state.users.get(bob.userId)!.crossSigning.master!;
    assert.ok((master.signatures as Record<string, unknown>)[alice.userId], "server stored Alice's signature on Bob's master key");
  });

  test("a new unsigned device of Bob reaches Alice through device_lists and is not verified", async () => {
    bobSecondDevice = await createTestClient({ baseUrl: hs.url, userId: bob.userId, password: "bob-pw", deviceName: "Bob's new laptop" });
    const newId = bobSecondDevice.deviceId;
    await waitForDevices(alice, bob.userId, (ids) => ids.includes(newId), "Alice to see Bob's new device");
    const status = await alice.crypto.getDeviceVerificationStatus(bob.userId, newId);
    assert.equal(status?.crossSigningVerified, false);
    assert.equal(status?.signedByOwner, false);
    assert.equal(status?.isVerified(), false);
    const aliceSyncs = hs.exchanges.filter((e) => e.route.endsWith("/sync") && e.status === 200 && (e.responseBody as { device_lists?: { changed?: string[] } }).device_lists?.changed?.includes(bob.userId));
    assert.ok(aliceSyncs.length > 0, "some /sync response listed Bob in device_lists.changed");
  });

  test("Bob resets his identity (UIA password step); Alice must approve it", async () => {
    const before = hs.exchanges.length;
    await bootstrapCrossSigning(bob, true);
    const uploads = hs.exchanges.slice(before).filter((e) => e.route.endsWith("/keys/device_signing/upload"));
    assert.deepEqual(uploads.map((e) => e.status), [401, 200], "first attempt challenged, password retry accepted");
    assert.equal((uploads[1]!.requestBody as { auth?: { type?: string } }).auth?.type, "m.login.password");
    await waitFor(async () => (await alice.crypto.getUserVerificationStatus(bob.userId)).needsUserApproval, "Alice to flag Bob's new identity");
    const status = await alice.crypto.getUserVerificationStatus(bob.userId);
    assert.equal(status.isCrossSigningVerified(), false);
    assert.equal(status.wasCrossSigningVerified(), true);
  });

  test("the real clients never asked for a spec endpoint this server lacks", () => {
    // Unstable (MSC) probes are not in the spec; M_UNRECOGNIZED is what a spec-only server answers.
    assert.deepEqual(hs.unrecognized.filter((request) => !request.includes("/_matrix/client/unstable/")), []);
  });

  test("every recorded request and response matches the spec's schemas", () => {
    const report = validateExchanges(hs.exchanges);
    assert.deepEqual(report.failures, [], report.failures.join("\n"));
    for (const route of ["/login", "/sync", "/keys/upload", "/keys/query", "/keys/claim", "/keys/device_signing/upload", "/keys/signatures/upload", "/sendToDevice/{eventType}/{txnId}", "/user/{userId}/account_data/{type}"]) {
      assert.ok(report.checkedRoutes.has(route), `a ${route} exchange was checked (checked: ${[...report.checkedRoutes].join(", ")})`);
    }
  });
});
