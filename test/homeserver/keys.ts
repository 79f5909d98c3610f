// End-to-end key storage with the checks a real server makes: self-signed device keys, signed
// one-time keys, cross-signing keys signed by the master key, and per-signature checks on uploads.
import { canonicalJson } from "./crypto/canonical-json.ts";
import { verifyJsonSignature } from "./crypto/ed25519.ts";
import { MatrixError, badJson, invalidParam } from "./errors.ts";
import { recordKeyChange, type CrossSigningUsage, type JsonObject, type ServerState, type StoredDevice, type StoredUser } from "./state.ts";

export const invalidSignature = (message: string) => new MatrixError(400, "M_INVALID_SIGNATURE", message);

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

type Signatures = Record<string, Record<string, string>>;

function signaturesOf(object: JsonObject): Signatures {
  return isObject(object.signatures) ? (object.signatures as Signatures) : {};
}

/** The single ed25519 public key a cross-signing key object carries. */
export function crossSigningPublicKey(key: JsonObject | undefined): string | undefined {
  if (!key || !isObject(key.keys)) return undefined;
  const entries = Object.entries(key.keys);
  return entries.length === 1 && typeof entries[0]![1] === "string" ? entries[0]![1] : undefined;
}

export function deviceEd25519(device: StoredDevice): string | undefined {
  const keys = device.deviceKeys?.keys;
  if (!isObject(keys)) return undefined;
  const key = keys[`ed25519:${device.deviceId}`];
  return typeof key === "string" ? key : undefined;
}

function hasValidSignature(object: JsonObject, signer: string, keyId: string, publicKey: string): boolean {
  const signature = signaturesOf(object)[signer]?.[`ed25519:${keyId}`];
  return typeof signature === "string" && verifyJsonSignature(object, publicKey, signature);
}

function withoutSignatures(object: JsonObject): string {
  const { signatures: _s, unsigned: _u, ...rest } = object;
  return canonicalJson(rest);
}

function mergeSignatures(target: JsonObject, extra: Signatures): void {
  const merged = signaturesOf(target);
  for (const [userId, sigs] of Object.entries(extra)) merged[userId] = { ...(merged[userId] ?? {}), ...sigs };
  target.signatures = merged;
}

// ---- /keys/upload ----

function checkDeviceKeys(user: StoredUser, device: StoredDevice, keys: unknown): JsonObject {
  if (!isObject(keys)) throw badJson("device_keys must be an object");
  if (keys.user_id !== user.userId) throw invalidParam("device_keys.user_id does not match the access token");
  if (keys.device_id !== device.deviceId) throw invalidParam("device_keys.device_id does not match the access token");
  if (!Array.isArray(keys.algorithms) || !isObject(keys.keys)) throw badJson("device_keys needs algorithms and keys");
  const ed25519 = keys.keys[`ed25519:${device.deviceId}`];
  if (typeof ed25519 !== "string") throw invalidParam(`device_keys.keys lacks ed25519:${device.deviceId}`);
  if (!hasValidSignature(keys, user.userId, device.deviceId, ed25519)) throw invalidSignature("device_keys are not signed by the device's own ed25519 key");
  const current = device.deviceKeys;
  if (current && JSON.stringify(current.keys) !== JSON.stringify(keys.keys) && deviceEd25519(device) !== ed25519) {
    throw invalidParam("this device already published different identity keys");
  }
  return keys;
}

function checkSignedKeys(kind: string, keys: unknown, userId: string, device: StoredDevice, ed25519: string | undefined): [string, unknown][] {
  if (keys === undefined) return [];
  if (!isObject(keys)) throw badJson(`${kind} must be an object`);
  const entries = Object.entries(keys);
  for (const [keyId, value] of entries) {
    if (!/^[^:]+:.+$/.test(keyId)) throw badJson(`${kind} key ID ${keyId} is not <algorithm>:<id>`);
    if (keyId.startsWith("signed_curve25519:")) {
      if (!isObject(value) || typeof value.key !== "string") throw badJson(`${kind}.${keyId} needs a key`);
      if (!ed25519 || !hasValidSignature(value, userId, device.deviceId, ed25519)) throw invalidSignature(`${kind}.${keyId} is not signed by the device`);
    }
  }
  return entries;
}

export function uploadKeys(state: ServerState, user: StoredUser, device: StoredDevice, body: JsonObject): JsonObject {
  if (body.device_keys !== undefined) {
    const keys = checkDeviceKeys(user, device, body.device_keys);
    const changed = !device.deviceKeys || withoutSignatures(device.deviceKeys) !== withoutSignatures(keys);
    if (changed) {
      const previousSignatures = device.deviceKeys ? signaturesOf(device.deviceKeys) : {};
      // Same identity key (checked above): signatures made on it earlier, e.g. by the self-signing key, still hold.
      const stored = structuredClone(keys);
      mergeSignatures(stored, previousSignatures);
      mergeSignatures(stored, signaturesOf(keys));
      device.deviceKeys = stored;
      recordKeyChange(state, user.userId);
    }
  }
  const ed25519 = deviceEd25519(device);
  for (const [keyId, value] of checkSignedKeys("one_time_keys", body.one_time_keys, user.userId, device, ed25519)) {
    const existing = device.oneTimeKeys.get(keyId);
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(value)) throw invalidParam(`one-time key ${keyId} already exists with a different value`);
    device.oneTimeKeys.set(keyId, value);
  }
  const fallbacks = checkSignedKeys("fallback_keys", body.fallback_keys, user.userId, device, ed25519);
  for (const [keyId, value] of fallbacks) {
    const algorithm = keyId.split(":")[0]!;
    for (const existing of [...device.fallbackKeys.keys()]) if (existing.startsWith(`${algorithm}:`)) device.fallbackKeys.delete(existing);
    device.fallbackKeys.set(keyId, { key: value, used: false });
  }
  return { one_time_key_counts: oneTimeKeyCounts(device) };
}

export function oneTimeKeyCounts(device: StoredDevice): Record<string, number> {
  const counts: Record<string, number> = { signed_curve25519: 0 };
  for (const keyId of device.oneTimeKeys.keys()) {
    const algorithm = keyId.split(":")[0]!;
    counts[algorithm] = (counts[algorithm] ?? 0) + 1;
  }
  return counts;
}

export function unusedFallbackKeyTypes(device: StoredDevice): string[] {
  return [...device.fallbackKeys.entries()].filter(([, entry]) => !entry.used).map(([keyId]) => keyId.split(":")[0]!);
}

// ---- /keys/query ----

/** Signatures by users other than the key's owner are shown only to the user who made them. */
function visibleCopy(key: JsonObject, owner: string, requester: string): JsonObject {
  const copy = structuredClone(key);
  if (isObject(copy.signatures)) {
    for (const signer of Object.keys(copy.signatures)) if (signer !== owner && signer !== requester) delete copy.signatures[signer];
  }
  return copy;
}

export function queryKeys(state: ServerState, requester: string, body: JsonObject): JsonObject {
  if (!isObject(body.device_keys)) throw badJson("device_keys must be an object of user IDs to device ID lists");
  const deviceKeys: JsonObject = {};
  const master: JsonObject = {};
  const selfSigning: JsonObject = {};
  const userSigning: JsonObject = {};
  for (const [userId, wanted] of Object.entries(body.device_keys)) {
    if (!Array.isArray(wanted)) throw badJson(`device_keys.${userId} must be a list of device IDs`);
    const user = state.users.get(userId);
    const devices: JsonObject = {};
    deviceKeys[userId] = devices;
    if (!user) continue;
    for (const device of user.devices.values()) {
      if (!device.deviceKeys || (wanted.length > 0 && !wanted.includes(device.deviceId))) continue;
      const copy = visibleCopy(device.deviceKeys, userId, requester);
      if (device.displayName !== undefined) copy.unsigned = { ...(isObject(copy.unsigned) ? copy.unsigned : {}), device_display_name: device.displayName };
      devices[device.deviceId] = copy;
    }
    if (user.crossSigning.master) master[userId] = visibleCopy(user.crossSigning.master, userId, requester);
    if (user.crossSigning.self_signing) selfSigning[userId] = visibleCopy(user.crossSigning.self_signing, userId, requester);
    if (userId === requester && user.crossSigning.user_signing) userSigning[userId] = visibleCopy(user.crossSigning.user_signing, userId, requester);
  }
  const response: JsonObject = { device_keys: deviceKeys, failures: {}, master_keys: master, self_signing_keys: selfSigning };
  if (Object.keys(userSigning).length > 0) response.user_signing_keys = userSigning;
  return response;
}

// ---- /keys/claim ----

export function claimKeys(state: ServerState, body: JsonObject): JsonObject {
  if (!isObject(body.one_time_keys)) throw badJson("one_time_keys must be an object");
  const result: JsonObject = {};
  for (const [userId, devices] of Object.entries(body.one_time_keys)) {
    if (!isObject(devices)) throw badJson(`one_time_keys.${userId} must be an object`);
    const user = state.users.get(userId);
    const claimed: JsonObject = {};
    for (const [deviceId, algorithm] of Object.entries(devices)) {
      if (typeof algorithm !== "string") throw badJson(`one_time_keys.${userId}.${deviceId} must be an algorithm name`);
      const device = user?.devices.get(deviceId);
      if (!device) continue;
      const oneTimeKeyId = [...device.oneTimeKeys.keys()].find((keyId) => keyId.startsWith(`${algorithm}:`));
      if (oneTimeKeyId !== undefined) {
        claimed[deviceId] = { [oneTimeKeyId]: device.oneTimeKeys.get(oneTimeKeyId) };
        device.oneTimeKeys.delete(oneTimeKeyId);
        continue;
      }
      const fallback = [...device.fallbackKeys.entries()].find(([keyId]) => keyId.startsWith(`${algorithm}:`));
      if (fallback) {
        fallback[1].used = true;
        claimed[deviceId] = { [fallback[0]]: fallback[1].key };
      }
    }
    if (Object.keys(claimed).length > 0) result[userId] = claimed;
  }
  return { one_time_keys: result, failures: {} };
}

// ---- /keys/device_signing/upload ----

const FIELD_FOR: Record<CrossSigningUsage, string> = { master: "master_key", self_signing: "self_signing_key", user_signing: "user_signing_key" };

function checkCrossSigningKey(userId: string, usage: CrossSigningUsage, key: unknown): JsonObject {
  const field = FIELD_FOR[usage];
  if (!isObject(key)) throw badJson(`${field} must be an object`);
  if (key.user_id !== userId) throw invalidParam(`${field}.user_id must be ${userId}`);
  if (!Array.isArray(key.usage) || !key.usage.includes(usage)) throw invalidParam(`${field}.usage must include ${usage}`);
  if (!isObject(key.keys) || Object.keys(key.keys).length !== 1) throw invalidParam(`${field}.keys must hold exactly one key`);
  const [keyId, value] = Object.entries(key.keys)[0]!;
  if (keyId !== `ed25519:${String(value)}`) throw invalidParam(`${field}.keys must map ed25519:<public key> to the public key`);
  return key;
}

/**
 * The spec's rule: UIA is needed unless the user has no master key yet, or every key in the request
 * exactly matches the one already stored (an idempotent retry).
 */
export function crossSigningUploadNeedsAuth(user: StoredUser, body: JsonObject): boolean {
  if (!user.crossSigning.master) return false;
  return (["master", "self_signing", "user_signing"] as const).some((usage) => {
    const incoming = body[FIELD_FOR[usage]];
    const existing = user.crossSigning[usage];
    return incoming !== undefined && (!existing || !isObject(incoming) || withoutSignatures(incoming) !== withoutSignatures(existing));
  });
}

export function uploadCrossSigningKeys(state: ServerState, user: StoredUser, body: JsonObject): void {
  const incoming: Partial<Record<CrossSigningUsage, JsonObject>> = {};
  for (const usage of ["master", "self_signing", "user_signing"] as const) {
    const key = body[FIELD_FOR[usage]];
    if (key !== undefined) incoming[usage] = checkCrossSigningKey(user.userId, usage, key);
  }
  const master = incoming.master ?? user.crossSigning.master;
  const masterPublic = crossSigningPublicKey(master);
  for (const usage of ["self_signing", "user_signing"] as const) {
    const key = incoming[usage];
    if (!key) continue;
    if (!masterPublic) throw invalidParam(`${FIELD_FOR[usage]} needs a master key`);
    if (!hasValidSignature(key, user.userId, masterPublic, masterPublic)) throw invalidSignature(`${FIELD_FOR[usage]} is not signed by the master key`);
  }
  if (Object.keys(incoming).length === 0) return;
  const masterReplaced = incoming.master && crossSigningPublicKey(incoming.master) !== crossSigningPublicKey(user.crossSigning.master);
  if (masterReplaced) {
    // Keys signed by the old master key no longer chain to the identity.
    delete user.crossSigning.self_signing;
    delete user.crossSigning.user_signing;
  }
  for (const [usage, key] of Object.entries(incoming) as [CrossSigningUsage, JsonObject][]) {
    const existing = user.crossSigning[usage];
    const sameKey = existing && crossSigningPublicKey(existing) === crossSigningPublicKey(key);
    const stored = structuredClone(key);
    if (sameKey) mergeSignatures(stored, signaturesOf(existing));
    user.crossSigning[usage] = stored;
  }
  recordKeyChange(state, user.userId);
}

// ---- /keys/signatures/upload ----

interface SignatureTarget {
  object: JsonObject;
  kind: "device" | "master" | "self_signing" | "user_signing";
}

function findTarget(user: StoredUser, keyId: string): SignatureTarget | undefined {
  const device = user.devices.get(keyId);
  if (device?.deviceKeys) return { object: device.deviceKeys, kind: "device" };
  for (const usage of ["master", "self_signing", "user_signing"] as const) {
    const key = user.crossSigning[usage];
    if (key && crossSigningPublicKey(key) === keyId) return { object: key, kind: usage };
  }
  return undefined;
}

/** The public key a signer's key ID names, if the signer is allowed to sign this target. */
function signingKeyFor(signer: StoredUser, targetOwner: string, target: SignatureTarget, signingKeyId: string): string | undefined {
  const keyName = signingKeyId.replace(/^ed25519:/, "");
  if (targetOwner === signer.userId) {
    if (target.kind === "master") {
      const device = signer.devices.get(keyName);
      return device ? deviceEd25519(device) : undefined;
    }
    if (target.kind === "device") {
      const selfSigning = crossSigningPublicKey(signer.crossSigning.self_signing);
      return selfSigning === keyName ? selfSigning : undefined;
    }
    return undefined;
  }
  const userSigning = crossSigningPublicKey(signer.crossSigning.user_signing);
  return target.kind === "master" && userSigning === keyName ? userSigning : undefined;
}

export function uploadSignatures(state: ServerState, signer: StoredUser, body: JsonObject): JsonObject {
  const failures: Record<string, Record<string, JsonObject>> = {};
  const fail = (userId: string, keyId: string, errcode: string, error: string) => {
    failures[userId] = { ...(failures[userId] ?? {}), [keyId]: { errcode, error } };
  };
  const changedUsers = new Set<string>();
  for (const [userId, objects] of Object.entries(body)) {
    if (!isObject(objects)) throw badJson(`${userId} must map key IDs to signed objects`);
    const owner = state.users.get(userId);
    for (const [keyId, signed] of Object.entries(objects)) {
      if (!isObject(signed)) throw badJson(`${userId}.${keyId} must be a signed object`);
      const target = owner ? findTarget(owner, keyId) : undefined;
      if (!owner || !target) {
        fail(userId, keyId, "M_NOT_FOUND", "No such device or cross-signing key");
        continue;
      }
      if (withoutSignatures(signed) !== withoutSignatures(target.object)) {
        fail(userId, keyId, "M_INVALID_PARAM", "The signed object differs from the published key");
        continue;
      }
      const newSignatures = signaturesOf(signed)[signer.userId] ?? {};
      if (Object.keys(newSignatures).length === 0) {
        fail(userId, keyId, "M_INVALID_SIGNATURE", `No signature by ${signer.userId}`);
        continue;
      }
      const accepted: Record<string, string> = {};
      let problem: string | undefined;
      for (const [signingKeyId, signature] of Object.entries(newSignatures)) {
        const publicKey = signingKeyFor(signer, userId, target, signingKeyId);
        if (!publicKey) problem = `${signingKeyId} may not sign this key`;
        else if (!verifyJsonSignature(signed, publicKey, signature)) problem = `Signature by ${signingKeyId} does not verify`;
        else accepted[signingKeyId] = signature;
      }
      if (problem) {
        fail(userId, keyId, "M_INVALID_SIGNATURE", problem);
        continue;
      }
      mergeSignatures(target.object, { [signer.userId]: accepted });
      changedUsers.add(userId);
    }
  }
  for (const userId of changedUsers) recordKeyChange(state, userId, userId === signer.userId ? undefined : signer.userId);
  return { failures };
}
