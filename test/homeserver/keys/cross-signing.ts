// /keys/device_signing/upload: cross-signing keys chained to the master key, UIA for changes.
import { badJson, invalidParam } from "../errors.ts";
import { recordKeyChange, type CrossSigningUsage, type JsonObject, type ServerState, type StoredUser } from "../state.ts";
import { crossSigningPublicKey, hasValidSignature, invalidSignature, isObject, mergeSignatures, signaturesOf, withoutSignatures } from "./common.ts";

const FIELD_FOR: Record<CrossSigningUsage, string> = { master: "master_key", self_signing: "self_signing_key", user_signing: "user_signing_key" };

function checkCrossSigningKey(userId: string, usage: CrossSigningUsage, key: unknown): JsonObject {
  const field = FIELD_FOR[usage];
  if (!isObject(key)) throw badJson(`${field} must be an object`);
  if (key.user_id !== userId) throw invalidParam(`${field}.user_id must be ${userId}`);
  if (!Array.isArray(key.usage) || !key.usage.includes(usage)) throw invalidParam(`${field}.usage must include ${usage}`);
  if (!isObject(key.keys) || Object.keys(key.keys).length !== 1) throw invalidParam(`${field}.keys must hold exactly one key`);
  const [keyId, value] = Object.entries(key.keys)[0]!;
  if (keyId !== `ed25519:${String(value)}`) throw invalidParam(`${field}.keys must map ed25519:<public key> to the public key`);
  return key;
}

/**
 * The spec's rule: UIA is needed unless the user has no master key yet, or every key in the request
 * exactly matches the one already stored (an idempotent retry).
 */
export function crossSigningUploadNeedsAuth(user: StoredUser, body: JsonObject): boolean {
  if (!user.crossSigning.master) return false;
  return (["master", "self_signing", "user_signing"] as const).some((usage) => {
    const incoming = body[FIELD_FOR[usage]];
    const existing = user.crossSigning[usage];
    return incoming !== undefined && (!existing || !isObject(incoming) || withoutSignatures(incoming) !== withoutSignatures(existing));
  });
}

export function uploadCrossSigningKeys(state: ServerState, user: StoredUser, body: JsonObject): void {
  const incoming: Partial<Record<CrossSigningUsage, JsonObject>> = {};
  for (const usage of ["master", "self_signing", "user_signing"] as const) {
    const key = body[FIELD_FOR[usage]];
    if (key !== undefined) incoming[usage] = checkCrossSigningKey(user.userId, usage, key);
  }
  const master = incoming.master ?? user.crossSigning.master;
  const masterPublic = crossSigningPublicKey(master);
  for (const usage of ["self_signing", "user_signing"] as const) {
    const key = incoming[usage];
    if (!key) continue;
    if (!masterPublic) throw invalidParam(`${FIELD_FOR[usage]} needs a master key`);
    if (!hasValidSignature(key, user.userId, masterPublic, masterPublic)) throw invalidSignature(`${FIELD_FOR[usage]} is not signed by the master key`);
  }
  if (Object.keys(incoming).length === 0) return;
  const masterReplaced = incoming.master && crossSigningPublicKey(incoming.master) !== crossSigningPublicKey(user.crossSigning.master);
  if (masterReplaced) {
    // Keys signed by the old master key no longer chain to the identity.
    delete user.crossSigning.self_signing;
    delete user.crossSigning.user_signing;
  }
  for (const [usage, key] of Object.entries(incoming) as [CrossSigningUsage, JsonObject][]) {
    const existing = user.crossSigning[usage];
    const sameKey = existing && crossSigningPublicKey(existing) === crossSigningPublicKey(key);
    const stored = structuredClone(key);
    if (sameKey) mergeSignatures(stored, signaturesOf(existing));
    user.crossSigning[usage] = stored;
  }
  recordKeyChange(state, user.userId);
}
