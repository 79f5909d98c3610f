// The large-room generator: the server serves every generated device, and a real client sees the
// room and the trust pattern the generator promises.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { createTestClient, restoreTrustFromSecretStorage, type TestClient } from "../../helpers/matrix-client.ts";
import { LARGE_ROOM_VIEWER, largeRoomScenario, memberId, memberTraits } from "../../scenarios/large-room.ts";

const MEMBERS = 40;
const DEVICES = 3;

describe("large room generator", () => {
  let hs: Homeserver;
  let viewer: TestClient;

  before(async () => {
    hs = await startHomeserver({ scenario: largeRoomScenario({ members: MEMBERS, devicesPerMember: DEVICES }) });
    const account = hs.accounts.find((a) => a.userId === LARGE_ROOM_VIEWER.userId)!;
    viewer = await createTestClient({ baseUrl: hs.url, userId: account.userId, password: account.password, recoveryKey: account.recoveryKey });
  });

  after(async () => {
    await viewer?.stop();
    await hs?.stop();
  });

  test("refuses nonsense sizes", () => {
    assert.throws(() => largeRoomScenario({ members: 0, devicesPerMember: 1 }), /members/);
    assert.throws(() => largeRoomScenario({ members: 2, devicesPerMember: 1.5 }), /devicesPerMember/);
  });

  test("the viewer is in one encrypted room with every member", async () => {
    const rooms = viewer.client.getRooms();
    assert.equal(rooms.length, 1);
    assert.equal(rooms[0]!.getJoinedMemberCount(), MEMBERS + 1);
    assert.equal(await viewer.crypto.isEncryptionEnabledInRoom(rooms[0]!.roomId), true);
  });

  test("every member's devices are served, with the promised trust pattern", async () => {
    await restoreTrustFromSecretStorage(viewer);
    const ids = Array.from({ length: MEMBERS }, (_, i) => memberId(i));
    const devices = await viewer.crypto.getUserDeviceInfo(ids, true);
    let unsigned = 0;
    let expectedUnsigned = 0;
    for (let i = 0; i < MEMBERS; i++) {
      const traits = memberTraits(i);
      assert.equal(devices.get(memberId(i))?.size, DEVICES, `${memberId(i)} has all devices`);
      assert.equal(await viewer.crypto.userHasCrossSigningKeys(memberId(i)), traits.crossSigning, `${memberId(i)} cross-signing`);
      assert.equal((await viewer.crypto.getUserVerificationStatus(memberId(i))).isCrossSigningVerified(), traits.verifiedByViewer, `${memberId(i)} verified`);
      if (traits.lastDeviceUnsigned) expectedUnsigned += 1;
      for (const deviceId of devices.get(memberId(i))!.keys()) {
        const status = await viewer.crypto.getDeviceVerificationStatus(memberId(i), deviceId);
        if (traits.crossSigning && !status?.signedByOwner) unsigned += 1;
      }
    }
    assert.ok(expectedUnsigned > 0, "the pattern includes unsigned devices at this size");
    assert.equal(unsigned, expectedUnsigned);
  });
});
