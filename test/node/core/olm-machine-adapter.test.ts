// The reach into the Rust crypto's OlmMachine (src/core/olm-machine-adapter.ts) on a real client:
// taken with the locked SDK versions, refused with a reason when a capability is missing or the
// machine is another account's, and never used once the SDK has stopped (the public API's error).
import "./unref-long-timers.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { ClientStoppedError } from "matrix-js-sdk/lib/errors.js";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { createTestClient, type TestClient } from "../../helpers/matrix-client.ts";
import { openFastPath } from "../../../src/core/olm-machine-adapter.ts";
import { readUserTrustWithPath } from "../../../src/core/user-trust.ts";
import type { Scenario } from "../../homeserver/index.ts";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");

const ME = "@adapter:localhost";
const PEER = "@peer:localhost";
const SCENARIO: Scenario = {
  name: "adapter",
  users: [
    { id: ME, password: "pw", devices: [] },
    { id: PEER, password: "pw", devices: [{ id: "P1" }] },
  ],
  rooms: [{ id: "!r:localhost", name: "R", encrypted: true, creator: ME, members: [PEER] }],
};

describe("the OlmMachine adapter", () => {
  let hs: Homeserver;
  let me: TestClient;

  before(async () => {
    hs = await startHomeserver({ scenario: SCENARIO });
    me = await createTestClient({ baseUrl: hs.url, userId: ME, password: "pw" });
  });

  after(async () => {
    await me?.stop();
    await hs?.stop();
  });

  it("is taken with the locked SDK versions, and reads what the public API reads", async () => {
    const opened = openFastPath(me.crypto, ME);
    assert.ok("reader" in opened, `fast path refused: ${"reason" in opened ? opened.reason : ""}`);
    const own = { userId: ME, deviceId: me.deviceId };
    const fast = await readUserTrustWithPath(me.crypto, [ME, PEER], own);
    const slow = await readUserTrustWithPath(me.crypto, [ME, PEER], own, { publicApiOnly: true });
    assert.equal(fast.path.path, "rust-fast-path");
    assert.deepEqual(slow.path, { path: "public-api", reason: "the public CryptoApi was asked for" });
    assert.deepEqual(fast.trust, slow.trust);
    assert.equal(fast.trust.get(PEER)?.devices?.length, 1);
  });

  it("refuses, naming why, a machine of another account or a crypto object without the field", async () => {
    const other = openFastPath(me.crypto, PEER);
    assert.ok("reason" in other && other.reason.includes(`belongs to ${ME}`), JSON.stringify(other));
    // The same real crypto with its private field hidden, as another SDK version might have it.
    const hidden = Object.create(me.crypto, { olmMachine: { value: undefined } }) as object;
    const refused = openFastPath(hidden, ME);
    assert.ok("reason" in refused && refused.reason.includes("not this Rust crypto's OlmMachine"), JSON.stringify(refused));
    const withoutStopped = Object.create(me.crypto, { stopped: { value: undefined } }) as object;
    const noFlag = openFastPath(withoutStopped, ME);
    assert.ok("reason" in noFlag && noFlag.reason.includes("stopped flag"), JSON.stringify(noFlag));
  });

  it("once the SDK stopped, throws the public API's ClientStoppedError instead of touching the closed machine", async () => {
    const opened = openFastPath(me.crypto, ME);
    assert.ok("reader" in opened);
    me.client.stopClient(); // stops the crypto too: the OlmMachine is closed
    await assert.rejects(opened.reader.readUser(PEER, { userId: ME, deviceId: me.deviceId }, false), ClientStoppedError);
    assert.throws(() => openFastPath(me.crypto, ME), ClientStoppedError);
    await assert.rejects(me.crypto.getUserVerificationStatus(PEER), ClientStoppedError);
  });
});
