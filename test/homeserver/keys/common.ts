// Shared pieces of key handling: signature maps, key lookups, canonical comparison.
import { canonicalJson } from "../crypto/canonical-json.ts";
import { verifyJsonSignature } from "../crypto/ed25519.ts";
import { MatrixError } from "../errors.ts";
import type { JsonObject, StoredDevice } from "../state.ts";

export const invalidSignature = (message: string) => new MatrixError(400, "M_INVALID_SIGNATURE", message);

export const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

export type Signatures = Record<string, Record<string, string>>;

export function signaturesOf(object: JsonObject): Signatures {
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

export function hasValidSignature(object: JsonObject, signer: string, keyId: string, publicKey: string): boolean {
  const signature = signaturesOf(object)[signer]?.[`ed25519:${keyId}`];
  return typeof signature === "string" && verifyJsonSignature(object, publicKey, signature);
}

export function withoutSignatures(object: JsonObject): string {
  const { signatures: _s, unsigned: _u, ...rest } = object;
  return canonicalJson(rest);
}

export function mergeSignatures(target: JsonObject, extra: Signatures): void {
  const merged = signaturesOf(target);
  for (const [userId, sigs] of Object.entries(extra)) merged[userId] = { ...(merged[userId] ?? {}), ...sigs };
  target.signatures = merged;
}
