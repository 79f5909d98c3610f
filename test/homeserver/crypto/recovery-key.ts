// The recovery key encoding from the spec (secret storage, "Key representation"):
// 0x8B 0x01, the 32-byte key, one parity byte (XOR of all before), base58, spaced every 4 characters.

const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const PREFIX = [0x8b, 0x01];

function base58Encode(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = value * 256n + BigInt(byte);
  let out = "";
  while (value > 0n) {
    out = BASE58_ALPHABET[Number(value % 58n)] + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = "1" + out;
  }
  return out;
}

function base58Decode(text: string): Uint8Array {
  let value = 0n;
  for (const char of text) {
    const digit = BASE58_ALPHABET.indexOf(char);
    if (digit < 0) throw new Error(`recovery key has a character outside base58: ${JSON.stringify(char)}`);
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value % 256n));
    value /= 256n;
  }
  for (const char of text) {
    if (char !== "1") break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

export function encodeRecoveryKey(key: Uint8Array): string {
  if (key.length !== 32) throw new Error("a secret storage key is 32 bytes");
  const bytes = [...PREFIX, ...key];
  const parity = bytes.reduce((acc, byte) => acc ^ byte, 0);
  return base58Encode(Uint8Array.from([...bytes, parity])).replace(/(.{4})(?!$)/g, "$1 ");
}

export function decodeRecoveryKey(recoveryKey: string): Uint8Array {
  const bytes = base58Decode(recoveryKey.replace(/\s+/g, ""));
  if (bytes.length !== 35) throw new Error("recovery key has the wrong length");
  if (bytes[0] !== PREFIX[0] || bytes[1] !== PREFIX[1]) throw new Error("recovery key has the wrong prefix");
  const parity = bytes.reduce((acc, byte) => acc ^ byte, 0);
  if (parity !== 0) throw new Error("recovery key parity check failed");
  return bytes.slice(2, 34);
}
