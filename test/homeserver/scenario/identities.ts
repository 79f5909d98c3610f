// Deterministic key material for seeded people: devices (ed25519 + curve25519, one-time and fallback
// keys), cross-signing identities, user-signing signatures and secret storage under a recovery key.
import { encodeUnpaddedBase64 } from "../crypto/base64.ts";
import { curve25519PublicFromSeed, ed25519FromSeed, seedFrom, signJson, type Ed25519KeyPair } from "../crypto/ed25519.ts";
import { encodeRecoveryKey } from "../crypto/recovery-key.ts";
import { encryptSecret, secretStorageKeyDescription } from "../crypto/secret-storage.ts";
import { crossSigningPublicKey } from "../keys/common.ts";
import { newDevice, nextPos, recordKeyChange, type JsonObject, type ServerState, type StoredUser } from "../state.ts";
import type { ScenarioDevice } from "./types.ts";

export interface CrossSigningPrivateKeys {
  master: Ed25519KeyPair;
  selfSigning: Ed25519KeyPair;
  userSigning: Ed25519KeyPair;
}

export interface UserMaterial {
  seed: string;
  generation: number;
  crossSigning?: CrossSigningPrivateKeys;
  secretStorage?: { key: Buffer; keyId: string; recoveryKey: string };
}

const ALGORITHMS = ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"];

function crossSigningKeyObject(userId: string, usage: string, key: Ed25519KeyPair): JsonObject {
  return { user_id: userId, usage: [usage], keys: { [`ed25519:${key.publicKey}`]: key.publicKey } };
}

export function deviceKeyPair(material: UserMaterial, deviceId: string): Ed25519KeyPair {
  return ed25519FromSeed(seedFrom(`${material.seed}|device|${deviceId}|ed25519`));
}

/** Adds a device that publishes self-signed keys, signed one-time keys and a fallback key. */
export function addSeededDevice(state: ServerState, user: StoredUser, material: UserMaterial, spec: ScenarioDevice): void {
  const device = newDevice(spec.id, spec.displayName);
  user.devices.set(spec.id, device);
  if (spec.keys === false) return;
  const signing = deviceKeyPair(material, spec.id);
  const curve = curve25519PublicFromSeed(seedFrom(`${material.seed}|device|${spec.id}|curve25519`));
  const unsigned: JsonObject = {
    user_id: user.userId,
    device_id: spec.id,
    algorithms: ALGORITHMS,
    keys: { [`curve25519:${spec.id}`]: curve, [`ed25519:${spec.id}`]: signing.publicKey },
  };
  device.deviceKeys = signJson(unsigned, user.userId, spec.id, signing);
  const count = spec.oneTimeKeys ?? 5;
  for (let i = 0; i < count; i++) {
    const key = curve25519PublicFromSeed(seedFrom(`${material.seed}|device|${spec.id}|otk|${i}`));
    const keyId = `signed_curve25519:${encodeUnpaddedBase64(Buffer.from([0, 0, i >> 8, i & 255]))}`;
    device.oneTimeKeys.set(keyId, signJson({ key }, user.userId, spec.id, signing));
  }
  if (spec.fallbackKey !== false) {
    const key = curve25519PublicFromSeed(seedFrom(`${material.seed}|device|${spec.id}|fallback`));
    device.fallbackKeys.set("signed_curve25519:AAAAAA", { key: signJson({ key, fallback: true }, user.userId, spec.id, signing), used: false });
  }
  if (spec.signedByOwner !== false && material.crossSigning) signDeviceWithSelfSigningKey(user, material, spec.id);
}

export function signDeviceWithSelfSigningKey(user: StoredUser, material: UserMaterial, deviceId: string): void {
  const device = user.devices.get(deviceId);
  if (!device?.deviceKeys || !material.crossSigning) return;
  const selfSigning = material.crossSigning.selfSigning;
  device.deviceKeys = signJson(device.deviceKeys, user.userId, selfSigning.publicKey, selfSigning);
}

/** Creates (or, for a later generation, replaces) the user's cross-signing identity. */
export function publishCrossSigning(user: StoredUser, material: UserMaterial): void {
  const label = `${material.seed}|cross-signing|${material.generation}`;
  const keys: CrossSigningPrivateKeys = {
    master: ed25519FromSeed(seedFrom(`${label}|master`)),
    selfSigning: ed25519FromSeed(seedFrom(`${label}|self_signing`)),
    userSigning: ed25519FromSeed(seedFrom(`${label}|user_signing`)),
  };
  material.crossSigning = keys;
  const masterId = keys.master.publicKey;
  user.crossSigning = {
    master: crossSigningKeyObject(user.userId, "master", keys.master),
    self_signing: signJson(crossSigningKeyObject(user.userId, "self_signing", keys.selfSigning), user.userId, masterId, keys.master),
    user_signing: signJson(crossSigningKeyObject(user.userId, "user_signing", keys.userSigning), user.userId, masterId, keys.master),
  };
}

/** `signer`'s user-signing key signs `target`'s master key: "signer has verified target". */
export function signOtherMasterKey(signer: StoredUser, material: UserMaterial, target: StoredUser): void {
  const master = target.crossSigning.master;
  if (!master || !material.crossSigning) throw new Error(`${signer.userId} cannot verify ${target.userId}: missing cross-signing keys`);
  const userSigning = material.crossSigning.userSigning;
  target.crossSigning.master = signJson(master, signer.userId, userSigning.publicKey, userSigning);
}

function setAccountData(state: ServerState, user: StoredUser, type: string, content: JsonObject): void {
  user.accountData.set(type, { pos: nextPos(state), content });
}

/** Stores the private cross-signing keys in secret storage, encrypted under the user's recovery key. */
export function writeSecretStorage(state: ServerState, user: StoredUser, material: UserMaterial): string {
  if (!material.crossSigning) throw new Error(`${user.userId} has no cross-signing keys to store`);
  if (!material.secretStorage) {
    const key = seedFrom(`${material.seed}|secret-storage`);
    const keyId = seedFrom(`${material.seed}|secret-storage-id`).toString("hex").slice(0, 32);
    material.secretStorage = { key, keyId, recoveryKey: encodeRecoveryKey(key) };
    setAccountData(state, user, `m.secret_storage.key.${keyId}`, secretStorageKeyDescription(key, "Recovery key", `${material.seed}|check`));
    setAccountData(state, user, "m.secret_storage.default_key", { key: keyId });
  }
  const { key, keyId } = material.secretStorage;
  const secrets: [string, Ed25519KeyPair][] = [
    ["m.cross_signing.master", material.crossSigning.master],
    ["m.cross_signing.self_signing", material.crossSigning.selfSigning],
    ["m.cross_signing.user_signing", material.crossSigning.userSigning],
  ];
  for (const [name, pair] of secrets) {
    const encrypted = encryptSecret(key, name, encodeUnpaddedBase64(pair.seed), `${material.seed}|${name}|${material.generation}`);
    setAccountData(state, user, name, { encrypted: { [keyId]: encrypted } });
  }
  return material.secretStorage.recoveryKey;
}

/**
 * An identity reset: a new master key (so every user-signing signature others made on the old one is
 * gone), new self- and user-signing keys, devices re-signed if asked, secret storage updated.
 */
export function resetIdentity(state: ServerState, user: StoredUser, material: UserMaterial, resignDevices: boolean): void {
  const previouslySigned = [...user.devices.values()]
    .filter((device) => material.crossSigning && JSON.stringify(device.deviceKeys?.signatures ?? {}).includes(material.crossSigning.selfSigning.publicKey))
    .map((device) => device.deviceId);
  material.generation += 1;
  publishCrossSigning(user, material);
  if (resignDevices) for (const deviceId of previouslySigned) signDeviceWithSelfSigningKey(user, material, deviceId);
  if (material.secretStorage) writeSecretStorage(state, user, material);
  recordKeyChange(state, user.userId);
}

export function masterKeyId(user: StoredUser): string | undefined {
  return crossSigningPublicKey(user.crossSigning.master);
}
