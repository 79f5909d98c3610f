// /keys/query: devices and cross-signing keys, with what each requester may see.
import { badJson } from "../errors.ts";
import type { JsonObject, ServerState } from "../state.ts";
import { isObject } from "./common.ts";

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
