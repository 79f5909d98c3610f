// Matrix writes binary as unpadded standard base64; accept padded input too.

export function encodeUnpaddedBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/=+$/, "");
}

export function decodeBase64(text: string): Buffer {
  return Buffer.from(text, "base64");
}
