// Trust actions bound to what the user saw (docs/security.md, "Trust actions"). A hostile server
// invents a device for the user, self-signed and named like one of theirs; no message the popup can
// send gets it signed without the key the user compared, and a wrong compared key is refused with
// nothing reaching /keys/signatures/upload (asserted on the server's own record of requests). The
// two honest ways work: the compared key of a real device, and emoji with a real second client.
import "fake-indexeddb/auto";
import "../core/unref-long-timers.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { World, eventually, type TestClient } from "../core/verification/clients.ts";
import { acceptAndAwaitSas, nextIncomingRequest } from "../core/verification/peer.ts";
import { inventedDevice } from "../../homeserver/hostile/index.ts";
import { recordKeyChange, wake } from "../../homeserver/state.ts";
import { route } from "../../../src/background/router.ts";
import type { HandlerTable } from "../../../src/background/context.ts";
import type { BootState } from "../../../src/background/boot.ts";
import { VerificationService } from "../../../src/background/verification/service.ts";
import { installVerificationService, verificationMessageHandlers } from "../../../src/background/handlers/verification.ts";
import { verifySessionWithRecoveryKey } from "../../../src/core/verification/restore.ts";
import { Auditor } from "../../../src/core/auditor.ts";
import type { Result } from "../../../src/protocol/result.ts";

const handlers = verificationMessageHandlers as unknown as HandlerTable;
const booted = Promise.resolve({ bootCount: 1, db: null, storageReady: false, cryptoWasmReady: true } as BootState);
const send = (type: string, payload: unknown) =>
  route({ message: { type, payload }, role: "extension-page" }, handlers, booted) as Promise<Result<any>>;

const ME = "@me:localhost";
const ROOM = "!own:localhost";
const INVENTED = "EVILMAC";
const scenario = {
  name: "own-devices",
  users: [{ id: ME, password: "me-pw", secretStorage: true, devices: [] }],
  rooms: [{ id: ROOM, creator: ME, members: [], encrypted: true }],
};

/** The extension's session, verified with the recovery key, behind the background's real handlers. */
async function extension(world: World, t: { after(fn: () => void): void }): Promise<TestClient> {
  let client: import("matrix-js-sdk").MatrixClient | undefined;
  const service = new VerificationService({ client: () => client });
  const ext = await world.signIn(ME, "extension", service.broker);
  client = ext.client;
  installVerificationService(service);
  t.after(() => service.dispose());
  await verifySessionWithRecoveryKey(ext.client, ext.broker, world.account(ME).recoveryKey!);
  return ext;
}

const signatureUploads = (world: World, from: number) =>
  world.hs.exchanges.slice(from).filter((e) => e.method === "POST" && e.path.endsWith("/keys/signatures/upload"));

test("a device the server invented for me is never signed: no key, or a wrong compared key, uploads nothing", async (t) => {
  const world = await World.start(scenario, { record: true });
  t.after(() => world.stop());
  const ext = await extension(world, t);
  const realPhone = await world.signIn(ME, "phone");
  // The key the user would read on their real device: not the invented one's.
  const phoneKey = (await realPhone.crypto.getOwnDeviceKeys()).ed25519;

  world.hs.hostile.lieInKeys(inventedDevice(ME, INVENTED, "Element Desktop (MacBook)"));
  recordKeyChange(world.hs.state, ME);
  wake(world.hs.state);
  await eventually(async () => (await ext.crypto.getUserDeviceInfo([ME], true)).get(ME)?.has(INVENTED) === true, "the invented device listed");

  // The real audit shows it the way the inbox would: one of my devices, not verified.
  const auditor = new Auditor(ext.client);
  const report = await auditor.fullAudit();
  const finding = report.rooms.find((r) => r.roomId === ROOM)!.findings.find((f) => f.deviceId === INVENTED);
  assert.equal(finding?.kind, "own-unverified-device");
  const shown = await send("device.fingerprint", { userId: ME, deviceId: INVENTED });
  assert.ok(shown.ok);
  assert.equal(shown.value.displayName, "Element Desktop (MacBook)");

  const mark = world.hs.exchanges.length;
  // No message signs or marks it without the key the user compared: they are refused as malformed.
  for (const [type, payload] of [
    ["device.crossSign", { deviceId: INVENTED }],
    ["device.setVerified", { userId: ME, deviceId: INVENTED, verified: true }],
  ] as const) {
    const answer = await send(type, payload);
    assert.equal(!answer.ok && answer.error.code, "bad-request", type);
  }
  // The user compares with what their real MacBook shows: not this device's key. Refused, in words.
  for (const compared of [phoneKey, "A".repeat(43)]) {
    const refused = await send("device.crossSign", { deviceId: INVENTED, ed25519: compared });
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, "key-mismatch");
    assert.match(refused.error.message, /nothing was signed/i);
    assert.match(refused.error.message, /sign it out or reset your digital identity/);
  }
  const marked = await send("device.setVerified", { userId: ME, deviceId: INVENTED, verified: true, ed25519: phoneKey });
  assert.equal(!marked.ok && marked.error.code, "key-mismatch");

  assert.deepEqual(signatureUploads(world, mark), [], "nothing reached /keys/signatures/upload");
  const status = await ext.crypto.getDeviceVerificationStatus(ME, INVENTED);
  assert.equal(status?.crossSigningVerified, false);
  assert.equal(status?.localVerified, false);
  await auditor.whenIdle();
  auditor.stop();
});

test("my real device, with the key I compared on its screen, is signed: the upload carries it", async (t) => {
  const world = await World.start(scenario, { record: true });
  t.after(() => world.stop());
  const ext = await extension(world, t);
  const phone = await world.signIn(ME, "phone");
  // What the phone itself shows as its session key.
  const onPhoneScreen = (await phone.crypto.getOwnDeviceKeys()).ed25519;
  await eventually(async () => (await ext.crypto.getUserDeviceInfo([ME], true)).get(ME)?.has(phone.deviceId) === true, "the phone listed");

  const mark = world.hs.exchanges.length;
  const signed = await send("device.crossSign", { deviceId: phone.deviceId, ed25519: onPhoneScreen });
  assert.ok(signed.ok, JSON.stringify(signed));
  const uploads = signatureUploads(world, mark);
  assert.equal(uploads.length, 1);
  assert.ok(Object.keys((uploads[0]!.requestBody as Record<string, Record<string, unknown>>)[ME] ?? {}).includes(phone.deviceId));
  assert.equal((await ext.crypto.getDeviceVerificationStatus(ME, phone.deviceId))?.crossSigningVerified, true);
});

test("emoji with a real second client of mine ends with that device signed", async (t) => {
  const world = await World.start(scenario, { record: true });
  t.after(() => world.stop());
  const ext = await extension(world, t);
  const tablet = await world.signIn(ME, "tablet");
  await eventually(async () => (await ext.crypto.getUserDeviceInfo([ME], true)).get(ME)?.has(tablet.deviceId) === true, "the tablet listed");

  const mark = world.hs.exchanges.length;
  const incoming = nextIncomingRequest(tablet.client);
  const started = await send("verification.requestOwnDevice", { deviceId: tablet.deviceId });
  assert.ok(started.ok, JSON.stringify(started));
  const tabletSasShown = acceptAndAwaitSas(await incoming);
  const flowOf = async () => {
    const list = await send("verification.flows", {});
    assert.ok(list.ok);
    return list.value.flows.find((f: { id: string }) => f.id === started.value.flowId);
  };
  // This session holds its identity keys, so it may first offer its QR code; the user picks emoji.
  await eventually(async () => ["ready", "comparing"].includes((await flowOf())?.step), "ready");
  if ((await flowOf()).step === "ready") assert.ok((await send("verification.flowAction", { flowId: started.value.flowId, action: "start" })).ok);
  const tabletSas = await tabletSasShown;
  await eventually(async () => (await flowOf())?.step === "comparing", "emoji shown");
  const flow = await flowOf();
  assert.equal(flow.kind, "own-device");
  assert.equal(flow.otherDeviceId, tablet.deviceId);
  assert.deepEqual(flow.emoji.map((e: { symbol: string; name: string }) => [e.symbol, e.name]), tabletSas.sas.emoji);
  const confirmed = send("verification.flowAction", { flowId: started.value.flowId, action: "confirm" });
  await tabletSas.confirm();
  assert.ok((await confirmed).ok);
  await eventually(async () => (await ext.crypto.getDeviceVerificationStatus(ME, tablet.deviceId))?.crossSigningVerified === true, "the tablet signed");
  assert.ok(
    signatureUploads(world, mark).some((e) => Object.keys((e.requestBody as Record<string, Record<string, unknown>>)[ME] ?? {}).includes(tablet.deviceId)),
    "the tablet's signature was uploaded",
  );
});

test("an emoji request to a device that is not mine, or to this session itself, is refused", async (t) => {
  const world = await World.start(scenario);
  t.after(() => world.stop());
  const ext = await extension(world, t);
  const unknown = await send("verification.requestOwnDevice", { deviceId: "NOSUCH" });
  assert.equal(!unknown.ok && unknown.error.code, "unknown-device");
  const self = await send("verification.requestOwnDevice", { deviceId: ext.deviceId });
  assert.equal(!self.ok && self.error.code, "wrong-step");
});
