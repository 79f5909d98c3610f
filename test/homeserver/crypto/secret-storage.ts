// m.secret_storage.v1.aes-hmac-sha2 as the spec defines it: HKDF-SHA-256 (zero salt, secret name as
// info) → AES-256-CTR key + HMAC-SHA-256 key; the key description carries the encryption of 32 zero
// bytes under the name "" so clients can check a recovery key before using it.
import { createCipheriv, createHmac, hkdfSync } from "node:crypto";
import { seedFrom } from "./ed25519.ts";

export const SECRET_STORAGE_ALGORITHM = "m.secret_storage.v1.aes-hmac-sha2";

export interface EncryptedSecret {
  iv: string;
  ciphertext: string;
  mac: string;
}

function deriveKeys(key: Uint8Array, name: string): { aesKey: Buffer; macKey: Buffer } {
  const derived = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(32), Buffer.from(name, "utf8"), 64));
  return { aesKey: derived.subarray(0, 32), macKey: derived.subarray(32, 64) };
}

/** Encrypts a secret; the IV comes from a label so scenario data is reproducible. */
export function encryptSecret(key: Uint8Array, name: string, secret: string, ivLabel: string): EncryptedSecret {
  const { aesKey, macKey } = deriveKeys(key, name);
  const iv = seedFrom(`iv|${ivLabel}`).subarray(0, 16);
  iv[8] = iv[8]! & 0x7f; // the spec clears bit 63 so the CTR counter cannot wrap
  const cipher = createCipheriv("aes-256-ctr", aesKey, iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(secret, "utf8")), cipher.final()]);
  const mac = createHmac("sha256", macKey).update(ciphertext).digest();
  return { iv: iv.toString("base64"), ciphertext: ciphertext.toString("base64"), mac: mac.toString("base64") };
}

/** The `m.secret_storage.key.<id>` account data content for a key. */
export function secretStorageKeyDescription(key: Uint8Array, keyName: string, ivLabel: string): Record<string, string> {
  const check = encryptSecret(key, "", "\0".repeat(32), ivLabel);
  return { algorithm: SECRET_STORAGE_ALGORITHM, name: keyName, iv: check.iv, mac: check.mac };
}
