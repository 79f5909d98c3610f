// The checks a real server makes on keys: forged uploads are refused, signatures are verified one by
// one, replacing cross-signing keys needs the password, and only the right people see what.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ed25519FromSeed, seedFrom, signJson, type Ed25519KeyPair } from "../../homeserver/crypto/ed25519.ts";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { api, loginWithPassword } from "../../helpers/http-api.ts";
import { validateExchanges } from "../../helpers/spec-schemas.ts";

const V3 = "/_matrix/client/v3";
const MALLORY = "@mallory:localhost";
const PEER = "@peer:localhost";

function deviceKeys(userId: string, deviceId: string, key: Ed25519KeyPair): Record<string, unknown> {
  return {
    user_id: userId,
    device_id: deviceId,
    algorithms: ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"],
    keys: { [`ed25519:${deviceId}`]: key.publicKey, [`curve25519:${deviceId}`]: key.publicKey },
  };
}

function crossSigningKey(userId: string, usage: string, key: Ed25519KeyPair): Record<string, unknown> {
  return { user_id: userId, usage: [usage], keys: { [`ed25519:${key.publicKey}`]: key.publicKey } };
}

const pair = (label: string) => ed25519FromSeed(seedFrom(`key-checks|${label}`));

/** Replaces every signature value with one made by an unrelated key over the same object. */
function forgeSignatures(signed: Record<string, any>, userId: string, keyId: string): Record<string, any> {
  const impostor = pair("impostor");
  const real = signJson({ ...signed, signatures: undefined }, userId, keyId, impostor);
  return { ...signed, signatures: real.signatures };
}

describe("key checks", () => {
  let hs: Homeserver;
  let token: string;
  let deviceId: string;
  const device = pair("mallory-device");
  const master = pair("mallory-master");
  const selfSigning = pair("mallory-ssk");
  const userSigning = pair("mallory-usk");

  before(async () => {
    hs = await startHomeserver({
      record: true,
      scenario: {
        name: "key-checks",
        users: [
          { id: MALLORY, password: "mallory-pw", crossSigning: false },
          { id: PEER, password: "peer-pw", devices: [{ id: "PEERPHONE", oneTimeKeys: 1 }] },
        ],
        rooms: [{ creator: PEER, members: [MALLORY], encrypted: true }],
      },
    });
    ({ token, deviceId } = await loginWithPassword(hs.url, "mallory", "mallory-pw"));
  });

  after(async () => {
    await hs?.stop();
  });

  const query = async (who = token) => (await api(hs.url, "POST", `${V3}/keys/query`, { token: who, body: { device_keys: { [MALLORY]: [], [PEER]: [] } } })).body;

  test("device keys with a forged self-signature are refused and not stored", async () => {
    const forged = forgeSignatures(signJson(deviceKeys(MALLORY, deviceId, device), MALLORY, deviceId, device), MALLORY, deviceId);
    const response = await api(hs.url, "POST", `${V3}/keys/upload`, { token, body: { device_keys: forged } });
    assert.equal(response.status, 400);
    assert.equal(response.body.errcode, "M_INVALID_SIGNATURE");
    assert.deepEqual((await query()).device_keys[MALLORY], {});
  });

  test("device keys claiming another device ID are refused", async () => {
    const other = signJson(deviceKeys(MALLORY, "OTHERDEVICE", device), MALLORY, "OTHERDEVICE", device);
    const response = await api(hs.url, "POST", `${V3}/keys/upload`, { token, body: { device_keys: other } });
    assert.equal(response.status, 400);
  });

  test("correctly self-signed device keys are accepted; a one-time key with a bad signature is not", async () => {
    const good = signJson(deviceKeys(MALLORY, deviceId, device), MALLORY, deviceId, device);
    const ok = await api(hs.url, "POST", `${V3}/keys/upload`, { token, body: { device_keys: good } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok((await query()).device_keys[MALLORY][deviceId]);
    const otk = forgeSignatures(signJson({ key: pair("otk").publicKey }, MALLORY, deviceId, device), MALLORY, deviceId);
    const bad = await api(hs.url, "POST", `${V3}/keys/upload`, { token, body: { one_time_keys: { "signed_curve25519:AAAAAQ": otk } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errcode, "M_INVALID_SIGNATURE");
  });

  test("a self-signing key not signed by the master key is refused", async () => {
    const unsignedSsk = crossSigningKey(MALLORY, "self_signing", selfSigning);
    const response = await api(hs.url, "POST", `${V3}/keys/device_signing/upload`, { token, body: { master_key: crossSigningKey(MALLORY, "master", master), self_signing_key: unsignedSsk } });
    assert.equal(response.status, 400);
    assert.equal(response.body.errcode, "M_INVALID_SIGNATURE");
    assert.equal(hs.state.users.get(MALLORY)!.crossSigning.master, undefined, "nothing stored");
  });

  const firstKeys = () => ({
    master_key: crossSigningKey(MALLORY, "master", master),
    self_signing_key: signJson(crossSigningKey(MALLORY, "self_signing", selfSigning), MALLORY, master.publicKey, master),
    user_signing_key: signJson(crossSigningKey(MALLORY, "user_signing", userSigning), MALLORY, master.publicKey, master),
  });

  test("first cross-signing upload needs no UIA, and repeating it exactly needs none either", async () => {
    assert.equal((await api(hs.url, "POST", `${V3}/keys/device_signing/upload`, { token, body: firstKeys() })).status, 200);
    assert.equal((await api(hs.url, "POST", `${V3}/keys/device_signing/upload`, { token, body: firstKeys() })).status, 200);
  });

  test("signatures upload: a good self-signing signature on the own device is stored", async () => {
    const stored = (await query()).device_keys[MALLORY][deviceId];
    delete stored.unsigned;
    const signed = signJson({ ...stored, signatures: {} }, MALLORY, selfSigning.publicKey, selfSigning);
    const response = await api(hs.url, "POST", `${V3}/keys/signatures/upload`, { token, body: { [MALLORY]: { [deviceId]: signed } } });
    assert.deepEqual(response.body, { failures: {} });
    assert.ok(JSON.stringify(hs.state.users.get(MALLORY)!.devices.get(deviceId)!.deviceKeys!.signatures).includes(selfSigning.publicKey));
  });

  test("signatures upload: a wrong signature is reported in failures and not stored", async () => {
    const peerMaster = (await query()).master_keys[PEER];
    const signed = forgeSignatures(signJson(peerMaster, MALLORY, userSigning.publicKey, userSigning), MALLORY, userSigning.publicKey);
    delete signed.signatures[PEER];
    const response = await api(hs.url, "POST", `${V3}/keys/signatures/upload`, { token, body: { [PEER]: { [Object.values(peerMaster.keys)[0] as string]: signed } } });
    assert.equal(response.status, 200);
    const failure = response.body.failures[PEER]?.[Object.values(peerMaster.keys)[0] as string];
    assert.equal(failure?.errcode, "M_INVALID_SIGNATURE");
    assert.equal(JSON.stringify(hs.state.users.get(PEER)!.crossSigning.master!.signatures ?? {}).includes(MALLORY), false);
  });

  test("signatures upload: a good user-signing signature is visible to the signer only", async () => {
    const peerMaster = (await query()).master_keys[PEER];
    const keyId = Object.values(peerMaster.keys)[0] as string;
    const signed = signJson({ ...peerMaster, signatures: {} }, MALLORY, userSigning.publicKey, userSigning);
    const response = await api(hs.url, "POST", `${V3}/keys/signatures/upload`, { token, body: { [PEER]: { [keyId]: signed } } });
    assert.deepEqual(response.body, { failures: {} });
    assert.ok((await query()).master_keys[PEER].signatures[MALLORY], "the signer sees it");
    const peer = await loginWithPassword(hs.url, PEER, "peer-pw");
    const peerView = await query(peer.token);
    assert.equal(peerView.master_keys[PEER].signatures?.[MALLORY], undefined, "the peer does not");
    assert.equal(peerView.user_signing_keys?.[MALLORY], undefined, "nobody else sees Mallory's user-signing key");
    assert.ok((await query()).user_signing_keys[MALLORY], "Mallory sees her own user-signing key");
  });

  test("replacing cross-signing keys needs the password through UIA", async () => {
    const newMaster = pair("mallory-master-2");
    const body = { master_key: crossSigningKey(MALLORY, "master", newMaster), self_signing_key: signJson(crossSigningKey(MALLORY, "self_signing", pair("ssk-2")), MALLORY, newMaster.publicKey, newMaster) };
    const challenge = await api(hs.url, "POST", `${V3}/keys/device_signing/upload`, { token, body });
    assert.equal(challenge.status, 401);
    assert.deepEqual(challenge.body.flows, [{ stages: ["m.login.password"] }]);
    const session = challenge.body.session as string;
    const auth = (password: string) => ({ type: "m.login.password", identifier: { type: "m.id.user", user: MALLORY }, password, session });
    const wrong = await api(hs.url, "POST", `${V3}/keys/device_signing/upload`, { token, body: { ...body, auth: auth("not-the-password") } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.errcode, "M_FORBIDDEN");
    assert.equal(hs.state.users.get(MALLORY)!.crossSigning.master!.keys && Object.values(hs.state.users.get(MALLORY)!.crossSigning.master!.keys as object)[0], master.publicKey, "still the old key");
    const right = await api(hs.url, "POST", `${V3}/keys/device_signing/upload`, { token, body: { ...body, auth: auth("mallory-pw") } });
    assert.equal(right.status, 200, JSON.stringify(right.body));
    const now = hs.state.users.get(MALLORY)!.crossSigning;
    assert.equal(Object.values(now.master!.keys as object)[0], newMaster.publicKey);
    assert.equal(now.user_signing, undefined, "the old user-signing key no longer chains to the identity");
  });

  test("claiming takes one-time keys first, then the fallback key", async () => {
    const claim = async () => (await api(hs.url, "POST", `${V3}/keys/claim`, { token, body: { one_time_keys: { [PEER]: { PEERPHONE: "signed_curve25519" } } } })).body;
    const first = Object.keys((await claim()).one_time_keys[PEER].PEERPHONE);
    const second = (await claim()).one_time_keys[PEER].PEERPHONE;
    assert.equal(first.length, 1);
    assert.ok(first[0]!.startsWith("signed_curve25519:"));
    assert.equal(Object.values(second as Record<string, { fallback?: boolean }>)[0]!.fallback, true, "then the fallback key");
  });

  test("a room-mate learns of key changes via /sync and /keys/changes; logout removes the device's keys", async () => {
    const peer = await loginWithPassword(hs.url, PEER, "peer-pw");
    const initial = await api(hs.url, "GET", `${V3}/sync`, { token: peer.token });
    const since = initial.body.next_batch as string;
    const waiting = api(hs.url, "GET", `${V3}/sync?since=${since}&timeout=20000`, { token: peer.token });
    assert.equal((await api(hs.url, "POST", `${V3}/logout`, { token })).status, 200);
    const next = await waiting;
    assert.ok(next.body.device_lists.changed.includes(MALLORY), "the long poll returned with Mallory's change");
    assert.equal((await api(hs.url, "GET", `${V3}/account/whoami`, { token })).body.errcode, "M_UNKNOWN_TOKEN");
    assert.deepEqual((await query(peer.token)).device_keys[MALLORY], {}, "the logged-out device's keys are gone");
    const changes = await api(hs.url, "GET", `${V3}/keys/changes?from=${since}&to=${next.body.next_batch}`, { token: peer.token });
    assert.ok(changes.body.changed.includes(MALLORY));
  });

  test("recorded exchanges match the spec", () => {
    const report = validateExchanges(hs.exchanges);
    assert.deepEqual(report.failures, []);
    assert.ok(report.checkedRoutes.has("/keys/signatures/upload") && report.checkedRoutes.has("/keys/changes") && report.checkedRoutes.has("/keys/claim"));
  });
});
