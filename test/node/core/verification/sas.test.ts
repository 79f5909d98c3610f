import { test } from "node:test";
import assert from "node:assert/strict";
import { RoomMemberEvent, type MatrixClient } from "matrix-js-sdk";
import { VerificationPhase } from "matrix-js-sdk/lib/crypto-api/index.js";
import { World, eventually, rejection, type TestClient } from "./clients.ts";
import { acceptAndAwaitSas, nextIncomingRequest, waitForPhase } from "./peer.ts";
import { VerificationFlows } from "../../../../src/core/verification/flows.ts";
import type { SasFlow } from "../../../../src/core/verification/sas-flow.ts";
import { verifySessionWithRecoveryKey } from "../../../../src/core/verification/restore.ts";
import { readIdentityStatus } from "../../../../src/core/verification/status.ts";
import { createDirectRoom, findDirectRoom } from "../../../../src/core/verification/dm.ts";

const ALICE = "@alice:localhost";
const BOB = "@bob:localhost";
const DM = "!dm:localhost";
const scenario = {
  name: "two-people",
  users: [
    { id: ALICE, password: "alice-pw", secretStorage: true, devices: [] },
    { id: BOB, password: "bob-pw", secretStorage: true, devices: [] },
  ],
  rooms: [{ id: DM, creator: ALICE, members: [BOB], encrypted: true, direct: true }],
};

/** Signs in and verifies the session with the account's recovery key, as a user who set up earlier. */
async function verifiedSession(world: World, userId: string, name: string): Promise<TestClient> {
  const c = await world.signIn(userId, name);
  await verifySessionWithRecoveryKey(c.client, c.broker, world.account(userId).recoveryKey!);
  return c;
}

/** Waits until the flow shows its emoji. */
async function emojiOf(flow: SasFlow) {
  await eventually(() => flow.snapshot().step === "comparing" || flow.finished, "the emoji");
  const snapshot = flow.snapshot();
  assert.equal(snapshot.step, "comparing", JSON.stringify(snapshot.failure));
  return snapshot.emoji!;
}

const joinOnInvite = (client: MatrixClient) =>
  client.on(RoomMemberEvent.Membership, (_event, member) => {
    if (member.userId === client.getUserId() && member.membership === "invite") void client.joinRoom(member.roomId);
  });

test("verify this session with another of my devices by emoji", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const phone = await verifiedSession(world, ALICE, "phone");
  const ext = await world.signIn(ALICE, "extension");
  const flows = new VerificationFlows(ext.client, { showQrCode: false });
  t.after(() => flows.dispose());
  assert.equal((await readIdentityStatus(ext.client)).thisSessionVerified, false);

  const incoming = nextIncomingRequest(phone.client);
  const flow = await flows.verifyThisSession();
  assert.equal(flow.snapshot().kind, "own-device");
  assert.equal(flow.snapshot().step, "requested");
  const phoneSas = await acceptAndAwaitSas(await incoming);
  const emoji = await emojiOf(flow);
  assert.equal(emoji.length, 7);
  assert.deepEqual(
    emoji.map((e) => [e.symbol, e.name]),
    phoneSas.sas.emoji,
    "both devices show the same seven emoji with their names",
  );
  await Promise.all([flow.confirm(), phoneSas.confirm()]);
  const end = await flow.whenSettled();
  assert.equal(end.step, "done", JSON.stringify(end.failure));
  await eventually(async () => (await readIdentityStatus(ext.client)).thisSessionVerified, "this session signed");
});

test("verify another person by emoji in a new DM; afterwards they are verified", async (t) => {
  const world = await World.start({ ...scenario, rooms: [] });
  t.after(() => world.stop());
  const alice = await verifiedSession(world, ALICE, "extension");
  const bob = await verifiedSession(world, BOB, "bob");
  joinOnInvite(bob.client);
  const flows = new VerificationFlows(alice.client, { showQrCode: false });
  t.after(() => flows.dispose());

  assert.equal(findDirectRoom(alice.client, BOB), null);
  const roomId = await createDirectRoom(alice.client, BOB);
  await eventually(() => alice.client.getRoom(roomId)?.getMember(BOB)?.membership === "join", "Bob joined the DM");
  assert.equal(findDirectRoom(alice.client, BOB), roomId);
  assert.equal((await alice.crypto.getUserVerificationStatus(BOB)).isCrossSigningVerified(), false);

  const incoming = nextIncomingRequest(bob.client);
  const flow = await flows.verifyUser(BOB, roomId);
  assert.equal(flow.snapshot().kind, "other-user");
  const bobSas = await acceptAndAwaitSas(await incoming);
  const emoji = await emojiOf(flow);
  assert.deepEqual(emoji.map((e) => [e.symbol, e.name]), bobSas.sas.emoji);
  await Promise.all([flow.confirm(), bobSas.confirm()]);
  assert.equal((await flow.whenSettled()).step, "done");
  await eventually(
    async () => (await alice.crypto.getUserVerificationStatus(BOB)).isCrossSigningVerified(),
    "Bob verified",
  );
});

test("an incoming request from another person is listed, answered, and ends verified", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const alice = await verifiedSession(world, ALICE, "extension");
  const bob = await verifiedSession(world, BOB, "bob");
  const announced: string[] = [];
  const flows = new VerificationFlows(alice.client, { showQrCode: false, onIncoming: (s) => announced.push(s.otherUserId) });
  t.after(() => flows.dispose());

  const request = await bob.crypto.requestVerificationDM(ALICE, DM);
  await eventually(() => flows.list().some((s) => s.step === "incoming"), "the incoming request");
  assert.deepEqual(announced, [BOB]);
  const flow = flows.get(flows.list()[0]!.id);
  await flow.accept();
  await waitForPhase(request, [VerificationPhase.Ready]);
  const verifier = await request.startVerification("m.sas.v1");
  const bobSas = new Promise<import("matrix-js-sdk/lib/crypto-api/index.js").ShowSasCallbacks>((resolve) =>
    verifier.on("show_sas" as never, resolve as never),
  );
  verifier.verify().catch(() => undefined);
  const emoji = await emojiOf(flow);
  const bobSide = await bobSas;
  assert.deepEqual(emoji.map((e) => [e.symbol, e.name]), bobSide.sas.emoji);
  await Promise.all([flow.confirm(), bobSide.confirm()]);
  assert.equal((await flow.whenSettled()).step, "done");
  await eventually(
    async () => (await alice.crypto.getUserVerificationStatus(BOB)).isCrossSigningVerified(),
    "Bob verified",
  );
});

test("emoji that differ end the flow on both sides; nobody is verified", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const alice = await verifiedSession(world, ALICE, "extension");
  const bob = await verifiedSession(world, BOB, "bob");
  const flows = new VerificationFlows(alice.client, { showQrCode: false });
  t.after(() => flows.dispose());

  const incoming = nextIncomingRequest(bob.client);
  const flow = await flows.verifyUser(BOB, DM);
  const bobRequest = await incoming;
  await acceptAndAwaitSas(bobRequest);
  await emojiOf(flow);
  flow.mismatch();
  const end = await flow.whenSettled();
  assert.equal(end.step, "failed");
  assert.equal(end.failure?.code, "mismatch");
  assert.equal(end.failure?.byOtherSide, false);
  assert.match(end.failure!.message, /did not match/);
  await waitForPhase(bobRequest, [VerificationPhase.Cancelled]);
  assert.equal(bobRequest.cancellationCode, "m.mismatched_sas");
  assert.equal((await alice.crypto.getUserVerificationStatus(BOB)).isCrossSigningVerified(), false);
  // A finished flow refuses further actions.
  assert.equal((await rejection(() => flow.confirm())).code, "wrong-step");
});

test("the other side saying the emoji differ, or cancelling, ends the flow with a message", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const alice = await verifiedSession(world, ALICE, "extension");
  const bob = await verifiedSession(world, BOB, "bob");
  const flows = new VerificationFlows(alice.client, { showQrCode: false });
  t.after(() => flows.dispose());

  let incoming = nextIncomingRequest(bob.client);
  const first = await flows.verifyUser(BOB, DM);
  const bobSas = await acceptAndAwaitSas(await incoming);
  await emojiOf(first);
  bobSas.mismatch();
  const mismatch = await first.whenSettled();
  assert.equal(mismatch.failure?.code, "mismatch");
  assert.equal(mismatch.failure?.byOtherSide, true);

  incoming = nextIncomingRequest(bob.client);
  const second = await flows.verifyUser(BOB, DM);
  await (await incoming).cancel();
  const cancelled = await second.whenSettled();
  assert.equal(cancelled.step, "failed");
  assert.equal(cancelled.failure?.code, "cancelled");
  assert.equal(cancelled.failure?.byOtherSide, true);
  assert.match(cancelled.failure!.message, /other side cancelled/);
  assert.equal((await alice.crypto.getUserVerificationStatus(BOB)).isCrossSigningVerified(), false);
});

test("a request nobody answers times out and is cancelled", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const alice = await verifiedSession(world, ALICE, "extension");
  const bob = await verifiedSession(world, BOB, "bob");
  const flows = new VerificationFlows(alice.client, { showQrCode: false, timeoutMs: 1_500 });
  t.after(() => flows.dispose());
  const incoming = nextIncomingRequest(bob.client);
  const flow = await flows.verifyUser(BOB, DM);
  const end = await flow.whenSettled();
  assert.equal(end.failure?.code, "timed-out");
  assert.match(end.failure!.message, /in time/);
  // Bob's side learns it is over.
  const bobRequest = await incoming;
  await waitForPhase(bobRequest, [VerificationPhase.Cancelled]);
});

test("a verified session shows its QR code; the other side scans it, we confirm, and both are verified", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const alice = await verifiedSession(world, ALICE, "extension");
  const bob = await verifiedSession(world, BOB, "bob");
  const flows = new VerificationFlows(alice.client);
  t.after(() => flows.dispose());

  const incoming = nextIncomingRequest(bob.client);
  const flow = await flows.verifyUser(BOB, DM);
  const bobRequest = await incoming;
  await bobRequest.accept();
  await eventually(() => flow.snapshot().qrCode !== undefined, "our QR code");
  assert.equal(flow.snapshot().step, "ready");
  // Bob's camera reads the code: here, the very bytes the popup would draw.
  const bytes = Uint8ClampedArray.from(Buffer.from(flow.snapshot().qrCode!, "base64"));
  const bobVerifier = await bobRequest.scanQRCode(bytes);
  const bobDone = bobVerifier.verify();
  await eventually(() => flow.snapshot().step === "qr-scanned", "the scan reported");
  await flow.confirm();
  await bobDone;
  assert.equal((await flow.whenSettled()).step, "done");
  await eventually(async () => (await alice.crypto.getUserVerificationStatus(BOB)).isCrossSigningVerified(), "Bob verified");
  assert.equal((await bob.crypto.getUserVerificationStatus(ALICE)).isCrossSigningVerified(), true);
});

test("with a QR code shown, either side may still choose emoji", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const alice = await verifiedSession(world, ALICE, "extension");
  const bob = await verifiedSession(world, BOB, "bob");
  const flows = new VerificationFlows(alice.client);
  t.after(() => flows.dispose());
  const incoming = nextIncomingRequest(bob.client);
  const flow = await flows.verifyUser(BOB, DM);
  const bobSasShown = acceptAndAwaitSas(await incoming);
  await eventually(() => flow.snapshot().qrCode !== undefined, "our QR code");
  await flow.startEmoji();
  const bobSas = await bobSasShown;
  const emoji = await emojiOf(flow);
  assert.deepEqual(emoji.map((e) => [e.symbol, e.name]), bobSas.sas.emoji);
  assert.equal(flow.snapshot().qrCode, undefined, "the code is gone once emoji are compared");
  await Promise.all([flow.confirm(), bobSas.confirm()]);
  assert.equal((await flow.whenSettled()).step, "done");
});
