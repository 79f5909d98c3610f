// The homeserver's own crypto against independent references: the spec's published signing
// vectors, and matrix-js-sdk's recovery-key and secret-storage code.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { decodeRecoveryKey as sdkDecode, encodeRecoveryKey as sdkEncode } from "matrix-js-sdk/lib/crypto-api/recovery-key.js";
import sdkDecrypt from "matrix-js-sdk/lib/utils/decryptAESSecretStorageItem.js";
import sdkEncrypt from "matrix-js-sdk/lib/utils/encryptAESSecretStorageItem.js";
import { canonicalJson } from "../../homeserver/crypto/canonical-json.ts";
import { ed25519FromSeed, signatureOf, verifyJsonSignature } from "../../homeserver/crypto/ed25519.ts";
import { decodeRecoveryKey, encodeRecoveryKey } from "../../homeserver/crypto/recovery-key.ts";
import { encryptSecret } from "../../homeserver/crypto/secret-storage.ts";

test("canonical JSON follows the spec appendix examples", () => {
  assert.equal(canonicalJson({}), "{}");
  assert.equal(canonicalJson({ one: 1, two: "Two" }), '{"one":1,"two":"Two"}');
  assert.equal(canonicalJson({ b: "2", a: "1" }), '{"a":"1","b":"2"}');
  assert.equal(canonicalJson({ auth: { success: true, mxid: "@john.doe:example.com", profile: { display_name: "John Doe", three_pids: [{ medium: "email", address: "john.doe@example.org" }] } } }),
    '{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"}]},"success":true}}');
  assert.equal(canonicalJson({ a: "日本語" }), '{"a":"日本語"}');
  assert.equal(canonicalJson({ 本: 2, 日: 1 }), '{"日":1,"本":2}');
  assert.equal(canonicalJson({ a: "\u65E5" }), '{"a":"日"}');
  assert.equal(canonicalJson({ a: null }), '{"a":null}');
  assert.throws(() => canonicalJson({ a: 1.5 }), /integers/);
});

test("signing matches the spec appendix's signing test vectors", () => {
  // The spec's example signing key seed, "ed25519:1".
  const key = ed25519FromSeed(Buffer.from("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1", "base64"));
  assert.equal(signatureOf({}, key), "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ");
  assert.equal(signatureOf({ one: 1, two: "Two" }, key), "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw");
  assert.equal(verifyJsonSignature({ one: 1, two: "Two", signatures: {}, unsigned: { x: 1 } }, key.publicKey, signatureOf({ one: 1, two: "Two" }, key)), true, "signatures and unsigned are not covered");
  assert.equal(verifyJsonSignature({ one: 1, two: "Three" }, key.publicKey, signatureOf({ one: 1, two: "Two" }, key)), false);
});

test("recovery keys round-trip with matrix-js-sdk's encoder and decoder", () => {
  for (let i = 0; i < 20; i++) {
    const key = randomBytes(32);
    const ours = encodeRecoveryKey(key);
    assert.equal(ours, sdkEncode(key));
    assert.deepEqual(Buffer.from(sdkDecode(ours)), key);
    assert.deepEqual(Buffer.from(decodeRecoveryKey(sdkEncode(key)!)), key);
  }
  const good = encodeRecoveryKey(Buffer.alloc(32, 1));
  const flipped = good.slice(0, -1) + (good.endsWith("a") ? "b" : "a");
  assert.throws(() => decodeRecoveryKey(flipped), /parity|length|prefix/);
});

test("secret storage encryption is readable by matrix-js-sdk, and the reverse", async () => {
  const key = randomBytes(32);
  const ours = encryptSecret(key, "m.cross_signing.master", "c2VjcmV0", "label");
  assert.equal(await sdkDecrypt(ours, new Uint8Array(key), "m.cross_signing.master"), "c2VjcmV0");
  await assert.rejects(sdkDecrypt(ours, new Uint8Array(key), "m.cross_signing.self_signing"), "the name is bound into the MAC");
  const theirs = await sdkEncrypt("hello", new Uint8Array(key), "name", ours.iv);
  assert.deepEqual(encryptSecret(key, "name", "hello", "label"), theirs, "same IV gives the same ciphertext and MAC");
});
