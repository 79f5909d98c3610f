// The audit's floor: the signature checks no reading of trust can skip. One Ed25519 check per device
// (its owner's self-signing key over its keys) and per cross-signing key (the master key over the
// self-signing key; this account's user-signing key over the member's master key). Timed here with
// the runtime's own Ed25519 (WebCrypto, native), over a device-keys-sized message: a lower bound,
// since the Rust crypto checks in WebAssembly.
import { webcrypto } from "node:crypto";

/** Microseconds of one Ed25519 verification, the median of `rounds` batches. */
export async function ed25519CheckMicros(rounds = 5, perRound = 400): Promise<number> {
  const subtle = webcrypto.subtle;
  const keys = (await subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"])) as CryptoKeyPair;
  const message = new TextEncoder().encode(JSON.stringify({ algorithms: ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"], device_id: "ABCDEFGHIJ", keys: { "curve25519:ABCDEFGHIJ": "x".repeat(43), "ed25519:ABCDEFGHIJ": "y".repeat(43) }, user_id: "@someone:example.org" }));
  const signature = await subtle.sign({ name: "Ed25519" }, keys.privateKey, message);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (let i = 0; i < perRound; i++) if (!(await subtle.verify({ name: "Ed25519" }, keys.publicKey, signature, message))) throw new Error("the check failed");
    samples.push(((performance.now() - started) * 1000) / perRound);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

/** The floor of a room: checks needed, and their time at `micros` each. */
export function floorOf(devices: number, usersWithIdentity: number, micros: number): { checks: number; ms: number } {
  const checks = devices + 2 * usersWithIdentity;
  return { checks, ms: (checks * micros) / 1000 };
}
