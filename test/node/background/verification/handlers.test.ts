/**
 * The verification messages through the background's real router and handlers, on a real
 * session: the popup's view of the flows (codes and words), not only the core's.
 */
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { World, eventually } from "../../core/verification/clients.ts";
import { route } from "../../../../src/background/router.ts";
import type { HandlerTable } from "../../../../src/background/context.ts";
import type { BootState } from "../../../../src/background/boot.ts";
import { VerificationService } from "../../../../src/background/verification/service.ts";
import { installVerificationService, verificationMessageHandlers } from "../../../../src/background/handlers/verification.ts";
import type { Result } from "../../../../src/protocol/result.ts";
import { acceptAndAwaitSas, nextIncomingRequest } from "../../core/verification/peer.ts";
import { verifySessionWithRecoveryKey } from "../../../../src/core/verification/restore.ts";

// The verification part of the background's table (the full table pulls in browser-only modules).
const handlers = verificationMessageHandlers as unknown as HandlerTable;
const booted = Promise.resolve({ bootCount: 1, db: null, storageReady: false, cryptoWasmReady: true } as BootState);
const send = (type: string, payload: unknown) =>
  route({ message: { type, payload }, role: "extension-page" }, handlers, booted) as Promise<Result<any>>;

const ALICE = "@alice:localhost";
const BOB = "@bob:localhost";

test("messages refuse bad shapes and content scripts before any flow runs", async () => {
  const code = (answer: Result<unknown>) => (answer.ok ? "answered" : answer.error.code);
  assert.equal(code(await send("verification.recover", { recoveryKey: 42 })), "bad-request");
  assert.equal(code(await send("verification.setup.finish", { setupId: "x", savedRecoveryKey: false })), "bad-request");
  assert.equal(code(await send("verification.flowAction", { flowId: "f", action: "explode" })), "bad-request");
  const fromContent = await route(
    { message: { type: "verification.status", payload: {} }, role: "content-script" },
    handlers,
    booted,
  );
  assert.equal(fromContent.ok, false);
  assert.equal(!fromContent.ok && fromContent.error.code, "forbidden");
});

test("recover, set-up, emoji and identity messages end with the promised state or a coded message", async (t) => {
  const world = await World.start({
    name: "handlers",
    users: [
      { id: ALICE, password: "alice-pw", crossSigning: false, devices: [] },
      { id: BOB, password: "bob-pw", secretStorage: true, devices: [] },
    ],
    rooms: [{ id: "!dm:localhost", creator: ALICE, members: [BOB], encrypted: true, direct: true }],
  });
  t.after(() => world.stop());
  let client: import("matrix-js-sdk").MatrixClient | undefined;
  const service = new VerificationService({ client: () => client });
  // As in the background: the session's client is created with the service's key broker.
  const alice = await world.signIn(ALICE, "extension", service.broker);
  client = alice.client;
  installVerificationService(service);
  t.after(() => service.dispose());

  const status = await send("verification.status", {});
  assert.ok(status.ok);
  assert.deepEqual(status.value.actions, ["set-up"]);
  const notThere = await send("verification.recover", { recoveryKey: "EsTc abcd" });
  assert.equal(!notThere.ok && notThere.error.code, "no-identity");

  const begun = await send("verification.setup.begin", { reset: false });
  assert.ok(begun.ok);
  assert.match(begun.value.recoveryKey, /^(\w{4} ){11}\w{4}$/);
  const unsaved = await send("verification.setup.finish", { setupId: begun.value.setupId, savedRecoveryKey: false });
  // The guard refuses it before the handler runs: the key must have been saved.
  assert.equal(!unsaved.ok && unsaved.error.code, "bad-request");
  const done = await send("verification.setup.finish", { setupId: begun.value.setupId, savedRecoveryKey: true });
  assert.ok(done.ok, JSON.stringify(done));
  assert.equal(done.value.ready, true);
  assert.equal(done.value.recoveryReady, true);
  // The set-up's key is forgotten: finishing again is refused.
  const again = await send("verification.setup.finish", { setupId: begun.value.setupId, savedRecoveryKey: true });
  assert.equal(!again.ok && again.error.code, "unknown-flow");

  // Emoji with Bob in the existing DM, driven by messages only.
  const bob = await world.signIn(BOB, "bob");
  await verifySessionWithRecoveryKey(bob.client, bob.broker, world.account(BOB).recoveryKey!);
  const incoming = nextIncomingRequest(bob.client);
  const started = await send("verification.requestUser", { userId: BOB });
  assert.ok(started.ok, JSON.stringify(started));
  const bobSasShown = acceptAndAwaitSas(await incoming);
  // This session holds its identity keys, so it first offers its QR code; the user picks emoji.
  await eventually(async () => {
    const list = await send("verification.flows", {});
    return list.ok && list.value.flows[0]?.step === "ready" && typeof list.value.flows[0]?.qrCode === "string";
  }, "ready with a QR code");
  const picked = await send("verification.flowAction", { flowId: started.value.flowId, action: "start" });
  assert.ok(picked.ok, JSON.stringify(picked));
  const bobSas = await bobSasShown;
  await eventually(async () => {
    const list = await send("verification.flows", {});
    return list.ok && list.value.flows[0]?.step === "comparing";
  }, "emoji in the list");
  const listed = await send("verification.flows", {});
  assert.ok(listed.ok);
  const flow = listed.value.flows[0];
  assert.equal(flow.emoji.length, 7);
  assert.deepEqual(flow.emoji.map((e: { symbol: string; name: string }) => [e.symbol, e.name]), bobSas.sas.emoji);
  const confirmed = send("verification.flowAction", { flowId: flow.id, action: "confirm" });
  await bobSas.confirm();
  assert.ok((await confirmed).ok);
  await eventually(async () => (await alice.crypto.getUserVerificationStatus(BOB)).isCrossSigningVerified(), "Bob verified");

  // Acting on a finished flow is refused with a message.
  await eventually(async () => {
    const list = await send("verification.flows", {});
    return list.ok && list.value.flows[0]?.step === "done";
  }, "flow done");
  const late = await send("verification.flowAction", { flowId: flow.id, action: "mismatch" });
  assert.equal(!late.ok && late.error.code, "wrong-step");

  // No DM with someone: the popup is asked to confirm creating one.
  const carol = await send("verification.requestUser", { userId: "@carol:localhost" });
  assert.equal(!carol.ok && carol.error.code, "needs-dm");
  const bobIdentity = await send("identity.get", { userId: BOB });
  assert.ok(bobIdentity.ok);
  const bobKey = bobIdentity.value.masterKey;
  const pinNothing = await send("identity.pin", { userId: BOB, masterKey: bobKey });
  assert.equal(!pinNothing.ok && pinNothing.error.code, "wrong-step");
  // Trust-changing messages without the key the user was shown are not even parsed.
  for (const [type, payload] of [
    ["identity.pin", { userId: BOB }],
    ["identity.withdraw", { userId: BOB }],
    ["device.crossSign", { deviceId: "PHONE" }],
    ["device.setVerified", { userId: BOB, deviceId: "PHONE", verified: true }],
    ["identity.pin", { userId: BOB, masterKey: "not a key" }],
  ] as const) {
    const answer = await send(type, payload);
    assert.equal(!answer.ok && answer.error.code, "bad-request", `${type} ${JSON.stringify(payload)}`);
  }
});

test("accepting a changed identity through the message writes the identity-change record and the history", async (t) => {
  const { openAuditorDB } = await import("../../../../src/store/db.ts");
  const { listIdentityChanges, queryHistory } = await import("../../../../src/store/index.ts");
  const { storeVerificationRecords } = await import("../../../../src/background/verification/store-records.ts");
  const db = await openAuditorDB(`verification-records-${Date.now()}`);
  const world = await World.start({
    name: "pin-records",
    users: [
      { id: ALICE, password: "alice-pw", devices: [] },
      { id: BOB, password: "bob-pw", devices: [{ id: "BOBPHONE" }] },
    ],
    rooms: [{ creator: ALICE, members: [BOB], encrypted: true }],
    steps: { "bob-resets": [{ action: "resetIdentity", user: BOB }] },
  });
  t.after(() => world.stop());
  let client: import("matrix-js-sdk").MatrixClient | undefined;
  const service = new VerificationService({ client: () => client, records: storeVerificationRecords(async () => db) });
  const alice = await world.signIn(ALICE, "extension", service.broker);
  client = alice.client;
  installVerificationService(service);
  t.after(() => service.dispose());
  await alice.crypto.getUserDeviceInfo([BOB], true);
  await world.hs.applyStep("bob-resets");
  await eventually(async () => (await alice.crypto.getUserVerificationStatus(BOB)).needsUserApproval, "the change seen");

  const shown = await send("identity.get", { userId: BOB });
  assert.ok(shown.ok);
  const pinned = await send("identity.pin", { userId: BOB, masterKey: shown.value.masterKey });
  assert.ok(pinned.ok, JSON.stringify(pinned));
  assert.equal((await alice.crypto.getUserVerificationStatus(BOB)).needsUserApproval, false);
  const records = await listIdentityChanges(db, ALICE, { userId: BOB });
  assert.equal(records.length, 1);
  assert.equal(records[0]!.resolution, "pinned");
  const history = await queryHistory(db, ALICE, {});
  assert.equal(history.entries.length, 1);
  assert.equal(history.entries[0]!.userId, BOB);
  assert.match(history.entries[0]!.detail, /accepted the new identity/);
});

test("once the background follows the client, an incoming request is announced and listed for the popup", async (t) => {
  const world = await World.start({
    name: "incoming",
    users: [
      { id: ALICE, password: "alice-pw", secretStorage: true, devices: [] },
      { id: BOB, password: "bob-pw", secretStorage: true, devices: [] },
    ],
    rooms: [{ id: "!dm:localhost", creator: ALICE, members: [BOB], encrypted: true, direct: true }],
  });
  t.after(() => world.stop());
  const notices: string[] = [];
  let client: import("matrix-js-sdk").MatrixClient | undefined;
  const service = new VerificationService({ client: () => client, notify: (title, message) => notices.push(`${title}: ${message}`) });
  const alice = await world.signIn(ALICE, "extension", service.broker);
  client = alice.client;
  installVerificationService(service);
  t.after(() => service.dispose());
  service.followClient(); // what the background does on every session status change

  const bob = await world.signIn(BOB, "bob");
  await verifySessionWithRecoveryKey(bob.client, bob.broker, world.account(BOB).recoveryKey!);
  await bob.crypto.requestVerificationDM(ALICE, "!dm:localhost");
  await eventually(() => notices.length > 0, "a notification");
  assert.deepEqual(notices, [`Verification request: ${BOB} wants to verify you.`]);
  const listed = await send("verification.flows", {});
  assert.ok(listed.ok);
  assert.equal(listed.value.flows.length, 1);
  assert.equal(listed.value.flows[0].step, "incoming");
  assert.equal(listed.value.flows[0].otherUserId, BOB);
});

test("a plain verification records no identity change; one after a recorded change resolves it as re-verified", async () => {
  const { openAuditorDB } = await import("../../../../src/store/db.ts");
  const { listIdentityChanges } = await import("../../../../src/store/index.ts");
  const { storeVerificationRecords } = await import("../../../../src/background/verification/store-records.ts");
  const db = await openAuditorDB(`verification-reverified-${Date.now()}`);
  const records = storeVerificationRecords(async () => db);
  const state = { userId: BOB, known: true, verified: true, wasVerified: true, needsUserApproval: false, masterKey: "KEY1" };
  await records.identityResolved(ALICE, state, "re-verified");
  assert.deepEqual(await listIdentityChanges(db, ALICE), []);
  await records.identityResolved(ALICE, { ...state, verified: false, needsUserApproval: true }, "pinned");
  await records.identityResolved(ALICE, state, "re-verified");
  const [record] = await listIdentityChanges(db, ALICE);
  assert.equal(record?.newMasterKey, "KEY1");
  assert.equal(record?.resolution, "re-verified");
});
