// /keys/upload and /keys/claim: self-signed device keys, signed one-time and fallback keys.
import { badJson, invalidParam } from "../errors.ts";
import { recordKeyChange, type JsonObject, type ServerState, type StoredDevice, type StoredUser } from "../state.ts";
import { deviceEd25519, hasValidSignature, invalidSignature, isObject, mergeSignatures, signaturesOf, withoutSignatures } from "./common.ts";

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
