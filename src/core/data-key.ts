/**
 * The session's data key and what it protects. One random 32-byte key per session, made at sign-in:
 * it opens the Rust crypto store (`initRustCrypto({ storageKey })`) and seals the access token with
 * AES-GCM. With a passphrase lock it is kept only wrapped (PBKDF2-SHA-256, 600,000 iterations, then
 * AES-GCM); otherwise it is kept as it is, beside what it protects. WebCrypto only: the same in the
 * browsers and in Node (a web standard there, not a browser API).
 */

/** The Rust crypto store wants exactly 32 bytes. */
export const DATA_KEY_BYTES = 32;
/** OWASP's figure for PBKDF2-HMAC-SHA-256 (2023); a stored wrap keeps its own count. */
export const PBKDF2_ITERATIONS = 600_000;
/** Below this a stored wrap is refused: a profile edited to weaken the lock is not accepted. */
export const MIN_PBKDF2_ITERATIONS = 600_000;
export const MIN_PASSPHRASE_LENGTH = 8;

/** A value sealed with AES-GCM: 12-byte IV and ciphertext with its tag, both base64. */
export interface Sealed {
  iv: string;
  data: string;
}

/** The data key as stored: as it is (no lock), or wrapped with a passphrase. */
export type StoredDataKey =
  | { lock: "none"; key: string }
  | { lock: "passphrase"; kdf: "PBKDF2-SHA-256"; iterations: number; salt: string; wrapped: Sealed };

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const encoder = new TextEncoder();

/** Standard padded base64 of `bytes`. Never throws. */
export function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** The bytes of standard base64 `text`. Throws (`atob`'s DOMException) when `text` is not base64. */
export function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** A fresh random data key. */
export function newDataKey(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(DATA_KEY_BYTES));
}

const aesKey = (raw: Uint8Array, usages: KeyUsage[]): Promise<CryptoKey> =>
  subtle().importKey("raw", raw as BufferSource, { name: "AES-GCM" }, false, usages);

/** Seals `plain` under `key`; `context` is bound in (AES-GCM additional data), so a sealed value moved elsewhere fails. */
export async function seal(key: Uint8Array, plain: Uint8Array, context: string): Promise<Sealed> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const data = await subtle().encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    await aesKey(key, ["encrypt"]),
    plain as BufferSource,
  );
  return { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

/** Opens a sealed value; null when the key or context is not the one it was sealed with (or it was altered). */
export async function unseal(key: Uint8Array, sealed: Sealed, context: string): Promise<Uint8Array | null> {
  try {
    const plain = await subtle().decrypt(
      { name: "AES-GCM", iv: fromBase64(sealed.iv) as BufferSource, additionalData: encoder.encode(context) },
      await aesKey(key, ["decrypt"]),
      fromBase64(sealed.data) as BufferSource,
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

/** `seal` of UTF-8 `text`. Rejects only when the browser's crypto is unavailable. */
export const sealText = (key: Uint8Array, text: string, context: string): Promise<Sealed> => seal(key, encoder.encode(text), context);

/** The text `sealText` sealed; null when the key or context differs or the sealed value was altered. */
export async function unsealText(key: Uint8Array, sealed: Sealed, context: string): Promise<string | null> {
  const plain = await unseal(key, sealed, context);
  return plain ? new TextDecoder().decode(plain) : null;
}

async function passphraseKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const material = await subtle().importKey("raw", encoder.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await subtle().deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations }, material, 256);
  return new Uint8Array(bits);
}

const WRAP_CONTEXT = "matrix-trust-auditor data key";

/** Wraps the data key with a key derived from the passphrase (a new salt each time). */
export async function wrapDataKey(dataKey: Uint8Array, passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<StoredDataKey> {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const wrapping = await passphraseKey(passphrase, salt, iterations);
  const wrapped = await seal(wrapping, dataKey, WRAP_CONTEXT);
  wrapping.fill(0);
  return { lock: "passphrase", kdf: "PBKDF2-SHA-256", iterations, salt: toBase64(salt), wrapped };
}

/** The data key of a passphrase wrap; null for a wrong passphrase. */
export async function unwrapDataKey(stored: Extract<StoredDataKey, { lock: "passphrase" }>, passphrase: string): Promise<Uint8Array | null> {
  const wrapping = await passphraseKey(passphrase, fromBase64(stored.salt), stored.iterations);
  const key = await unseal(wrapping, stored.wrapped, WRAP_CONTEXT);
  wrapping.fill(0);
  return key && key.length === DATA_KEY_BYTES ? key : null;
}

const isB64 = (v: unknown): v is string => typeof v === "string" && v.length > 0 && /^[A-Za-z0-9+/]+=*$/.test(v);
/** Whether `v` has the shape of a sealed value (base64 IV and data); says nothing of whether it opens. */
export const isSealed = (v: unknown): v is Sealed =>
  typeof v === "object" && v !== null && isB64((v as Sealed).iv) && isB64((v as Sealed).data);

/** A stored data key read back is checked, not trusted. */
export function isStoredDataKey(v: unknown): v is StoredDataKey {
  if (typeof v !== "object" || v === null) return false;
  const k = v as Record<string, unknown>;
  if (k.lock === "none") return isB64(k.key) && fromBase64(k.key).length === DATA_KEY_BYTES;
  return (
    k.lock === "passphrase" &&
    k.kdf === "PBKDF2-SHA-256" &&
    Number.isSafeInteger(k.iterations) &&
    (k.iterations as number) >= MIN_PBKDF2_ITERATIONS &&
    isB64(k.salt) &&
    isSealed(k.wrapped)
  );
}
