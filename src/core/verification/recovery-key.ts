/**
 * Turning what the user typed (a recovery key, or the passphrase it was derived from) into the
 * secret storage key, and checking it against the key's published check value BEFORE anything uses it:
 * a wrong key must be refused without touching the account.
 */
import { decodeRecoveryKey, deriveRecoveryKeyFromPassphrase } from "matrix-js-sdk/lib/crypto-api/index.js";
import { calculateKeyCheck, type SecretStorageKeyDescription } from "matrix-js-sdk/lib/secret-storage.js";
import { VerificationError } from "./errors.ts";

/** Recovery keys are base58 in groups of four; users paste them with spaces or line breaks. */
const looksLikeRecoveryKey = (input: string): boolean => /^[1-9A-HJ-NP-Za-km-z\s]{40,80}$/.test(input.trim());

/** Decodes `input` as a recovery key, or derives the key from it as a passphrase when the key has one. */
export async function keyFromUserInput(
  input: string,
  description: SecretStorageKeyDescription,
): Promise<Uint8Array<ArrayBuffer>> {
  const text = input.trim();
  if (text.length === 0) throw new VerificationError("wrong-recovery-key", "Enter your recovery key.");
  if (looksLikeRecoveryKey(text)) {
    try {
      return decodeRecoveryKey(text.replace(/\s+/g, ""));
    } catch {
      // Not a well-formed key: it may still be a passphrase that happens to look like one.
    }
  }
  const pass = description.passphrase;
  if (pass && pass.algorithm === "m.pbkdf2") {
    return deriveRecoveryKeyFromPassphrase(text, pass.salt, pass.iterations, pass.bits ?? 256);
  }
  throw new VerificationError(
    "wrong-recovery-key",
    "That is not a valid recovery key. Check for typing mistakes: it is 48 letters and digits in groups of four.",
  );
}

/** True when `key` is the key `description` was made for (its MAC check value matches). */
export async function keyMatches(key: Uint8Array<ArrayBuffer>, description: SecretStorageKeyDescription): Promise<boolean> {
  if (description.algorithm !== "m.secret_storage.v1.aes-hmac-sha2") return false;
  // A key without check value cannot be checked: refuse it rather than trust it blindly.
  if (!description.mac || !description.iv) return false;
  const { mac } = await calculateKeyCheck(key, description.iv);
  return trimPadding(mac) === trimPadding(description.mac);
}

const trimPadding = (s: string): string => s.replace(/=+$/, "");

/** Decodes and checks in one step; throws `wrong-recovery-key` with plain words when it does not fit. */
export async function checkedKey(
  input: string,
  description: SecretStorageKeyDescription,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = await keyFromUserInput(input, description);
  if (!(await keyMatches(key, description))) {
    key.fill(0);
    throw new VerificationError(
      "wrong-recovery-key",
      "That recovery key (or passphrase) does not match this account. Nothing was changed; try again.",
    );
  }
  return key;
}
