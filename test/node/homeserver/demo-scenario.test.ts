// The demo scenario as the extension's user meets it: a new session restores trust from the
// recovery key, sees every trust situation, then watches a new device and identity resets arrive.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { clientEvent } from "../../homeserver/sync.ts";
import { validateEvent } from "../../helpers/spec-schemas.ts";
import { createTestClient, restoreTrustFromSecretStorage, waitFor, waitForDevices, type TestClient } from "../../helpers/matrix-client.ts";

const DEMO = "@demo:localhost";

describe("demo scenario with a real client", () => {
  let hs: Homeserver;
  let demo: TestClient;

  before(async () => {
    hs = await startHomeserver({ scenario: "demo" });
    const account = hs.accounts.find((a) => a.userId === DEMO)!;
    assert.ok(account.recoveryKey, "the demo account has a recovery key");
    demo = await createTestClient({ baseUrl: hs.url, userId: DEMO, password: account.password, recoveryKey: account.recoveryKey, deviceName: "Trust auditor" });
  });

  after(async () => {
    await demo?.stop();
    await hs?.stop();
  });

  test("a new session restores cross-signing trust from the recovery key", async () => {
    await restoreTrustFromSecretStorage(demo);
    const status = await demo.crypto.getCrossSigningStatus();
    assert.deepEqual(status.privateKeysCachedLocally, { masterKey: true, selfSigningKey: true, userSigningKey: true });
    assert.equal(await demo.crypto.isCrossSigningReady(), true);
    assert.equal((await demo.crypto.getDeviceVerificationStatus(DEMO, demo.deviceId))?.crossSigningVerified, true, "this session signed itself");
    assert.equal((await demo.crypto.getDeviceVerificationStatus(DEMO, "DEMOPHONE"))?.crossSigningVerified, true, "the seeded phone is trusted");
  });

  test("a wrong recovery key does not unlock secret storage", async () => {
    const keyId = (hs.state.users.get(DEMO)!.accountData.get("m.secret_storage.default_key")!.content as { key: string }).key;
    const info = hs.state.users.get(DEMO)!.accountData.get(`m.secret_storage.key.${keyId}`)!.content;
    const { ServerSideSecretStorageImpl } = await import("matrix-js-sdk/lib/secret-storage.js");
    const storage = new ServerSideSecretStorageImpl(demo.client, {});
    assert.equal(await storage.checkKey(new Uint8Array(demo.secretStorageKey!), info as never), true, "the right key checks out");
    const wrong = new Uint8Array(32).fill(7);
    assert.equal(await storage.checkKey(wrong, info as never), false, "a wrong key is refused");
  });

  test("every trust situation is visible", async () => {
    const people = ["@alice:localhost", "@bob:localhost", "@carol:localhost", "@dave:localhost", "@erin:localhost", "@frank:localhost", "@grace:localhost"];
    const devices = await demo.crypto.getUserDeviceInfo(people, true);
    const verified = async (userId: string) => (await demo.crypto.getUserVerificationStatus(userId)).isCrossSigningVerified();
    assert.equal(await verified("@alice:localhost"), true, "Alice verified by demo's user-signing key");
    assert.equal(await verified("@bob:localhost"), true, "Bob verified");
    assert.equal(await verified("@carol:localhost"), false, "Carol not verified");
    assert.equal((await demo.crypto.getDeviceVerificationStatus("@alice:localhost", "ALICEPHONE"))?.crossSigningVerified, true);
    assert.equal((await demo.crypto.getDeviceVerificationStatus("@dave:localhost", "DAVELAPTOP"))?.signedByOwner, true);
    assert.equal((await demo.crypto.getDeviceVerificationStatus("@dave:localhost", "DAVETABLET"))?.signedByOwner, false, "Dave's tablet unsigned");
    assert.equal(await demo.crypto.userHasCrossSigningKeys("@erin:localhost", true), false, "Erin has no cross-signing");
    assert.ok(devices.get("@erin:localhost")?.has("ERINCLIENT"), "Erin's device still has keys");
    assert.equal(devices.get("@frank:localhost")?.size ?? 0, 0, "Frank's device published no keys");
    assert.deepEqual([...(hs.state.users.get("@frank:localhost")!.devices.keys())], ["FRANKBOT"], "yet Frank has a device");
    const rooms = demo.client.getRooms();
    const byName = (name: string) => rooms.find((room) => room.name === name);
    assert.equal(await demo.crypto.isEncryptionEnabledInRoom(byName("Project Falcon")!.roomId), true);
    assert.equal(await demo.crypto.isEncryptionEnabledInRoom(byName("Public Lobby")!.roomId), false);
    const direct = hs.state.users.get(DEMO)!.accountData.get("m.direct")?.content as Record<string, string[]> | undefined;
    assert.equal(direct?.["@alice:localhost"]?.length, 1, "one DM with Alice");
    const dm = demo.client.getRoom(direct!["@alice:localhost"]![0]!);
    assert.equal(dm?.getMyMembership(), "join", "the demo session is in the DM");
  });

  test("sending in an encrypted room shares the room key with seeded devices (their one-time keys work)", async () => {
    const falcon = demo.client.getRooms().find((room) => room.name === "Project Falcon")!;
    const seeded = ["ALICELAPTOP", "ALICEPHONE", "BOBDESKTOP", "CAROLPHONE", "GRACEWEB", "DEMOPHONE"];
    const queued = (deviceId: string) => {
      for (const user of hs.state.users.values()) {
        const device = user.devices.get(deviceId);
        if (device) return device.toDevice.filter((entry) => entry.event.type === "m.room.encrypted").length;
      }
      return 0;
    };
    const before = new Map(seeded.map((id) => [id, queued(id)]));
    await demo.client.sendTextMessage(falcon.roomId, "hello everyone");
    const last = hs.state.rooms.get(falcon.roomId)!.events.at(-1)!.event;
    assert.equal(last.type, "m.room.encrypted", "the server received ciphertext");
    assert.equal(last.content.algorithm, "m.megolm.v1.aes-sha2");
    for (const id of seeded) assert.ok(queued(id) > before.get(id)!, `an olm-encrypted room key was sent to ${id}`);
    const claimed = hs.state.users.get("@alice:localhost")!.devices.get("ALICELAPTOP")!.oneTimeKeys.size;
    assert.equal(claimed, 4, "one of Alice's five seeded one-time keys was claimed");
  });

  test("the real clients never asked for a spec endpoint this server lacks", () => {
    // Unstable (MSC) probes are not in the spec; M_UNRECOGNIZED is what a spec-only server answers.
    assert.deepEqual(hs.unrecognized.filter((request) => !request.includes("/_matrix/client/unstable/")), []);
  });

  test("every room event and account data event on the server matches its event schema", () => {
    const failures: string[] = [];
    const checkedTypes = new Set<string>();
    for (const room of hs.state.rooms.values()) {
      for (const stored of room.events) {
        const result = validateEvent(clientEvent(stored, undefined, Date.now(), true) as never);
        if (result) checkedTypes.add(stored.event.type);
        failures.push(...(result ?? []));
      }
    }
    for (const user of hs.state.users.values()) {
      for (const [type, entry] of user.accountData) {
        const result = validateEvent({ type, content: entry.content });
        if (result) checkedTypes.add(type);
        failures.push(...(result ?? []));
      }
    }
    assert.deepEqual(failures, []);
    for (const type of ["m.room.create", "m.room.member", "m.room.power_levels", "m.room.encryption", "m.room.message", "m.direct"]) {
      assert.ok(checkedTypes.has(type), `${type} was checked (checked: ${[...checkedTypes].join(", ")})`);
    }
  });

  test("step add-device: Alice's new unsigned device shows up unverified", async () => {
    await hs.applyStep("add-device");
    await waitForDevices(demo, "@alice:localhost", (ids) => ids.includes("ALICENEW"), "the new device to reach the demo session");
    const status = await demo.crypto.getDeviceVerificationStatus("@alice:localhost", "ALICENEW");
    assert.equal(status?.crossSigningVerified, false);
    assert.equal(status?.signedByOwner, false);
  });

  test("step reset-identities: Bob is a verification violation, Carol an identity change", async () => {
    await hs.applyStep("reset-identities");
    await waitFor(async () => (await demo.crypto.getUserVerificationStatus("@bob:localhost")).needsUserApproval, "Bob's reset to be flagged");
    await waitFor(async () => (await demo.crypto.getUserVerificationStatus("@carol:localhost")).needsUserApproval, "Carol's reset to be flagged");
    const bob = await demo.crypto.getUserVerificationStatus("@bob:localhost");
    assert.equal(bob.isCrossSigningVerified(), false);
    assert.equal(bob.wasCrossSigningVerified(), true, "Bob was verified before: a verification violation");
    const carol = await demo.crypto.getUserVerificationStatus("@carol:localhost");
    assert.equal(carol.wasCrossSigningVerified(), false, "Carol was never verified: a plain identity change");
    assert.equal((await demo.crypto.getUserVerificationStatus("@alice:localhost")).needsUserApproval, false, "Alice untouched");
  });
});
