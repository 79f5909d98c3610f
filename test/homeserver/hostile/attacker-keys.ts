// Keys the hostile server makes itself. It holds no user's private keys: it can make new keys and
// sign with those, and it can copy or alter signatures it has seen, nothing else.
import { curve25519PublicFromSeed, ed25519FromSeed, seedFrom, signJson, signatureOf, type Ed25519KeyPair } from "../crypto/ed25519.ts";
import type { JsonObject } from "../state.ts";

export function attackerKey(label: string): Ed25519KeyPair {
  return ed25519FromSeed(seedFrom(`hostile|${label}`));
}

/** Device keys for `deviceId` under the attacker's own keys, self-signed by them (a valid self-signature). */
export function attackerDevice(userId: string, deviceId: string, label = `${userId}|${deviceId}`): { keys: JsonObject; signing: Ed25519KeyPair } {
  const signing = attackerKey(`${label}|ed25519`);
  const curve = curve25519PublicFromSeed(seedFrom(`hostile|${label}|curve25519`));
  const unsigned: JsonObject = {
    user_id: userId,
    device_id: deviceId,
    algorithms: ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"],
    keys: { [`curve25519:${deviceId}`]: curve, [`ed25519:${deviceId}`]: signing.publicKey },
  };
  return { keys: signJson(unsigned, userId, deviceId, signing), signing };
}

export function crossSigningKey(userId: string, usage: "master" | "self_signing" | "user_signing", key: Ed25519KeyPair): JsonObject {
  return { user_id: userId, usage: [usage], keys: { [`ed25519:${key.publicKey}`]: key.publicKey } };
}

/**
 * A signature claiming to be by `keyId` of `signer` but made with a key the attacker owns: the
 * right length and encoding, wrong maker.
 */
export function forgedSignature(object: JsonObject, signer: string, keyId: string, label: string): JsonObject {
  const copy = structuredClone(object);
  const signatures = (copy.signatures ?? {}) as Record<string, Record<string, string>>;
  signatures[signer] = { ...(signatures[signer] ?? {}), [`ed25519:${keyId}`]: signatureOf(object, attackerKey(label)) };
  copy.signatures = signatures;
  return copy;
}

/** The one public key of a cross-signing key object. */
export function publicKeyOf(key: unknown): string | undefined {
  const keys = (key as JsonObject | undefined)?.keys;
  if (!keys || typeof keys !== "object") return undefined;
  const values = Object.values(keys as Record<string, unknown>);
  return typeof values[0] === "string" ? values[0] : undefined;
}
