// Deterministic ed25519 and curve25519 key pairs from a 32-byte seed, and Matrix JSON signing.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { canonicalJson } from "./canonical-json.ts";
import { decodeBase64, encodeUnpaddedBase64 } from "./base64.ts";

const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const X25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface Ed25519KeyPair {
  /** Unpadded base64 of the 32-byte public key: the key's ID in Matrix. */
  publicKey: string;
  /** The 32-byte private seed, the form Matrix stores in secret storage. */
  seed: Buffer;
  privateKey: KeyObject;
}

/** 32 bytes derived from a label, so every scenario key is reproducible. */
export function seedFrom(label: string): Buffer {
  return createHash("sha256").update(label, "utf8").digest();
}

function rawPublicKey(privateKey: KeyObject): Buffer {
  const der = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return der.subarray(der.length - 32);
}

// Importing a key is the slow part of seeding big scenarios; the same labels recur across runs in one process.
const ed25519Cache = new Map<string, Ed25519KeyPair>();
const curve25519Cache = new Map<string, string>();

export function ed25519FromSeed(seed: Buffer): Ed25519KeyPair {
  if (seed.length !== 32) throw new Error("an ed25519 seed is 32 bytes");
  const cacheKey = seed.toString("hex");
  const cached = ed25519Cache.get(cacheKey);
  if (cached) return cached;
  const pair = importEd25519(seed);
  ed25519Cache.set(cacheKey, pair);
  return pair;
}

function importEd25519(seed: Buffer): Ed25519KeyPair {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  return { publicKey: encodeUnpaddedBase64(rawPublicKey(privateKey)), seed, privateKey };
}

/** Public curve25519 key (unpadded base64) for a seed, as olm identity and one-time keys use. */
export function curve25519PublicFromSeed(seed: Buffer): string {
  const cacheKey = seed.toString("hex");
  let publicKey = curve25519Cache.get(cacheKey);
  if (publicKey === undefined) {
    const privateKey = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
    publicKey = encodeUnpaddedBase64(rawPublicKey(privateKey));
    curve25519Cache.set(cacheKey, publicKey);
  }
  return publicKey;
}

/** The bytes a Matrix signature covers: the object without `signatures` and `unsigned`. */
export function signedBytes(object: Record<string, unknown>): Buffer {
  const { signatures: _signatures, unsigned: _unsigned, ...rest } = object;
  return Buffer.from(canonicalJson(rest), "utf8");
}

export function signatureOf(object: Record<string, unknown>, key: Ed25519KeyPair): string {
  return encodeUnpaddedBase64(sign(null, signedBytes(object), key.privateKey));
}

/** Adds `signatures[userId]["ed25519:" + keyId]` to a copy of the object. */
export function signJson<T extends Record<string, unknown>>(object: T, userId: string, keyId: string, key: Ed25519KeyPair): T {
  const signature = signatureOf(object, key);
  const existing = (object.signatures ?? {}) as Record<string, Record<string, string>>;
  return {
    ...object,
    signatures: { ...existing, [userId]: { ...(existing[userId] ?? {}), [`ed25519:${keyId}`]: signature } },
  };
}

/** Checks one ed25519 signature (unpadded base64) over a JSON object against a public key. */
export function verifyJsonSignature(object: Record<string, unknown>, publicKeyBase64: string, signatureBase64: string): boolean {
  const publicBytes = decodeBase64(publicKeyBase64);
  const signature = decodeBase64(signatureBase64);
  if (publicBytes.length !== 32 || signature.length !== 64) return false;
  try {
    const publicKey = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicBytes]), format: "der", type: "spki" });
    return verify(null, signedBytes(object), publicKey, signature);
  } catch {
    return false;
  }
}
