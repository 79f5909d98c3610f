// Lies a hostile homeserver tells in /keys/query answers. Each one alters only what concerns its
// target user, and only when the client asked about that user; each is an attack on the trust the
// client derives from signatures. The expected outcome of each is in test/node/hostile/.
import { signJson } from "../crypto/ed25519.ts";
import type { JsonObject } from "../state.ts";
import { attackerDevice, attackerKey, crossSigningKey, forgedSignature, publicKeyOf } from "./attacker-keys.ts";
import { RawJson } from "./hooks.ts";

export type KeysLie = ((body: JsonObject, requester: string) => JsonObject | RawJson) & {
  /** Produces raw text: applied after every other lie. */
  final?: true;
};

type Section = "device_keys" | "master_keys" | "self_signing_keys" | "user_signing_keys";

function section(body: JsonObject, name: Section): Record<string, JsonObject> {
  const value = body[name];
  if (value && typeof value === "object") return value as Record<string, JsonObject>;
  const created: Record<string, JsonObject> = {};
  body[name] = created;
  return created;
}

/** The target's entry in device_keys, or undefined when the client did not ask about them. */
function devicesOf(body: JsonObject, userId: string): Record<string, JsonObject> | undefined {
  return section(body, "device_keys")[userId] as Record<string, JsonObject> | undefined;
}

/** A device the server made up, whose self-signature was made by another key; it also claims the owner's self-signing key signed it. */
export function deviceWithWrongSelfSignature(userId: string, deviceId: string): KeysLie {
  return (body) => {
    const devices = devicesOf(body, userId);
    if (!devices) return body;
    const { keys } = attackerDevice(userId, deviceId);
    const ownSignature = forgedSignature(keys, userId, deviceId, `${userId}|${deviceId}|wrong-self`);
    const ssk = publicKeyOf(section(body, "self_signing_keys")[userId]);
    devices[deviceId] = ssk ? forgedSignature(ownSignature, userId, ssk, `${userId}|${deviceId}|ssk`) : ownSignature;
    return body;
  };
}

/**
 * A device the server made up for the user, with a valid self-signature (the attacker holds its
 * keys) and a name like one of the user's own, but signed by no one's identity: what a hostile
 * server offers for the user to "verify" in one click. `label` picks another attacker key (the
 * server swapping the device's keys).
 */
export function inventedDevice(userId: string, deviceId: string, displayName: string, label?: string): KeysLie {
  return (body) => {
    const devices = devicesOf(body, userId);
    if (!devices) return body;
    devices[deviceId] = { ...attackerDevice(userId, deviceId, label).keys, unsigned: { device_display_name: displayName } };
    return body;
  };
}

/** A real device whose self-signature the server altered in transit. */
export function corruptedSelfSignature(userId: string, deviceId: string): KeysLie {
  return (body) => {
    const device = devicesOf(body, userId)?.[deviceId];
    const sigs = (device?.signatures as Record<string, Record<string, string>> | undefined)?.[userId];
    const own = sigs?.[`ed25519:${deviceId}`];
    if (sigs && own) sigs[`ed25519:${deviceId}`] = flipFirstByte(own);
    return body;
  };
}

/**
 * A self-signing key the attacker made (its "master signature" made by the attacker too) served
 * in place of the real one, and a new device properly signed by that rogue key.
 */
export function rogueSelfSigningKey(userId: string, deviceId: string): KeysLie {
  return (body) => {
    const devices = devicesOf(body, userId);
    const master = publicKeyOf(section(body, "master_keys")[userId]);
    if (!devices || !master) return body;
    const rogue = attackerKey(`${userId}|rogue-ssk`);
    section(body, "self_signing_keys")[userId] = forgedSignature(crossSigningKey(userId, "self_signing", rogue), userId, master, `${userId}|rogue-ssk-master`);
    const { keys } = attackerDevice(userId, deviceId);
    devices[deviceId] = signJson(keys, userId, rogue.publicKey, rogue);
    return body;
  };
}

/**
 * The user's identity replaced by the attacker's own: a new master key and self-signing key
 * (consistent with each other), the real devices re-signed by the new self-signing key, a new
 * attacker device, and the signatures others had made on the old master key copied over.
 */
export function swappedMasterKey(userId: string, deviceId: string): KeysLie {
  return (body) => {
    const devices = devicesOf(body, userId);
    const oldMaster = section(body, "master_keys")[userId];
    if (!devices || !oldMaster) return body;
    const master = attackerKey(`${userId}|swapped-master`);
    const selfSigning = attackerKey(`${userId}|swapped-ssk`);
    const newMaster = crossSigningKey(userId, "master", master);
    const carried = { ...((oldMaster.signatures as Record<string, unknown>) ?? {}) };
    delete carried[userId]; // the owner's device signature on the old key names an old key ID anyway
    if (Object.keys(carried).length > 0) newMaster.signatures = carried;
    section(body, "master_keys")[userId] = newMaster;
    section(body, "self_signing_keys")[userId] = signJson(crossSigningKey(userId, "self_signing", selfSigning), userId, master.publicKey, master);
    for (const [id, keys] of Object.entries(devices)) devices[id] = signJson(keys, userId, selfSigning.publicKey, selfSigning);
    devices[deviceId] = signJson(attackerDevice(userId, deviceId).keys, userId, selfSigning.publicKey, selfSigning);
    return body;
  };
}

/**
 * `signer`'s user-signing key claimed to have signed `target`'s master key. "forged": a signature
 * under the signer's real user-signing key ID that the attacker made. "rogue-key": the signer's own
 * user-signing key replaced (in the signer's own answer) by the attacker's, which then really signs.
 */
export function forgedUserSigningSignature(target: string, signer: string, how: "forged" | "rogue-key"): KeysLie {
  return (body, requester) => {
    const masters = section(body, "master_keys");
    if (!masters[target]) return body;
    if (how === "forged") {
      const usk = publicKeyOf(section(body, "user_signing_keys")[signer]) ?? publicKeyOf(masters[signer]) ?? "AAAA";
      masters[target] = forgedSignature(masters[target], signer, usk, `${target}|${signer}|forged-usk-sig`);
      return body;
    }
    const rogue = attackerKey(`${signer}|rogue-usk`);
    const signerMaster = publicKeyOf(masters[signer]);
    if (requester === signer && signerMaster)
      section(body, "user_signing_keys")[signer] = forgedSignature(crossSigningKey(signer, "user_signing", rogue), signer, signerMaster, `${signer}|rogue-usk-master`);
    masters[target] = signJson(masters[target], signer, rogue.publicKey, rogue);
    return body;
  };
}

/** One device left out of the user's list. */
export function droppedDevice(userId: string, deviceId: string): KeysLie {
  return (body) => {
    const devices = devicesOf(body, userId);
    if (devices) delete devices[deviceId];
    return body;
  };
}

/**
 * The device ID listed twice in the same answer: first the real keys, then the attacker's (with a
 * self-signature that verifies and a forged self-signing signature). JSON parsers keep the last.
 */
export function duplicateDeviceId(userId: string, deviceId: string): KeysLie {
  return Object.assign(lie, { final: true as const });
  function lie(body: JsonObject): JsonObject | RawJson {
    const devices = devicesOf(body, userId);
    const real = devices?.[deviceId];
    if (!devices || !real) return body;
    const ssk = publicKeyOf(section(body, "self_signing_keys")[userId]);
    let fake = attackerDevice(userId, deviceId, `${userId}|${deviceId}|duplicate`).keys;
    if (ssk) fake = forgedSignature(fake, userId, ssk, `${userId}|${deviceId}|duplicate-ssk`);
    const marker = `"__hostile_duplicate_${deviceId}__"`;
    devices[deviceId] = marker as unknown as JsonObject;
    const text = JSON.stringify(body).replace(JSON.stringify(marker), `${JSON.stringify(real)},${JSON.stringify(deviceId)}:${JSON.stringify(fake)}`);
    return new RawJson(text);
  }
}

/**
 * Keys of a user on another server passed off in the target's answer: a device whose `user_id` is
 * the foreign user, a master key whose `user_id` is the foreign user, and an unrequested entry for
 * the foreign user.
 */
export function foreignServerKeys(userId: string, foreignUserId: string, deviceId: string): KeysLie {
  return (body) => {
    const devices = devicesOf(body, userId);
    if (!devices) return body;
    devices[deviceId] = attackerDevice(foreignUserId, deviceId).keys;
    const foreignMaster = attackerKey(`${foreignUserId}|master`);
    section(body, "master_keys")[userId] = crossSigningKey(foreignUserId, "master", foreignMaster);
    section(body, "device_keys")[foreignUserId] = { [deviceId]: attackerDevice(foreignUserId, deviceId).keys };
    section(body, "master_keys")[foreignUserId] = crossSigningKey(foreignUserId, "master", foreignMaster);
    return body;
  };
}

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, "base64");
  bytes[0] = bytes[0]! ^ 0xff;
  return bytes.toString("base64").replace(/=+$/, "");
}
