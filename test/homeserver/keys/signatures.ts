// /keys/signatures/upload: each signature checked against the key allowed to make it.
import { verifyJsonSignature } from "../crypto/ed25519.ts";
import { badJson } from "../errors.ts";
import { recordKeyChange, type JsonObject, type ServerState, type StoredUser } from "../state.ts";
import { crossSigningPublicKey, deviceEd25519, isObject, mergeSignatures, signaturesOf, withoutSignatures } from "./common.ts";

interface SignatureTarget {
  object: JsonObject;
  kind: "device" | "master" | "self_signing" | "user_signing";
}

function findTarget(user: StoredUser, keyId: string): SignatureTarget | undefined {
  const device = user.devices.get(keyId);
  if (device?.deviceKeys) return { object: device.deviceKeys, kind: "device" };
  for (const usage of ["master", "self_signing", "user_signing"] as const) {
    const key = user.crossSigning[usage];
    if (key && crossSigningPublicKey(key) === keyId) return { object: key, kind: usage };
  }
  return undefined;
}

/** The public key a signer's key ID names, if the signer is allowed to sign this target. */
function signingKeyFor(signer: StoredUser, targetOwner: string, target: SignatureTarget, signingKeyId: string): string | undefined {
  const keyName = signingKeyId.replace(/^ed25519:/, "");
  if (targetOwner === signer.userId) {
    if (target.kind === "master") {
      const device = signer.devices.get(keyName);
      return device ? deviceEd25519(device) : undefined;
    }
    if (target.kind === "device") {
      const selfSigning = crossSigningPublicKey(signer.crossSigning.self_signing);
      return selfSigning === keyName ? selfSigning : undefined;
    }
    return undefined;
  }
  const userSigning = crossSigningPublicKey(signer.crossSigning.user_signing);
  return target.kind === "master" && userSigning === keyName ? userSigning : undefined;
}

export function uploadSignatures(state: ServerState, signer: StoredUser, body: JsonObject): JsonObject {
  const failures: Record<string, Record<string, JsonObject>> = {};
  const fail = (userId: string, keyId: string, errcode: string, error: string) => {
    failures[userId] = { ...(failures[userId] ?? {}), [keyId]: { errcode, error } };
  };
  const changedUsers = new Set<string>();
  for (const [userId, objects] of Object.entries(body)) {
    if (!isObject(objects)) throw badJson(`${userId} must map key IDs to signed objects`);
    const owner = state.users.get(userId);
    for (const [keyId, signed] of Object.entries(objects)) {
      if (!isObject(signed)) throw badJson(`${userId}.${keyId} must be a signed object`);
      const target = owner ? findTarget(owner, keyId) : undefined;
      if (!owner || !target) {
        fail(userId, keyId, "M_NOT_FOUND", "No such device or cross-signing key");
        continue;
      }
      if (withoutSignatures(signed) !== withoutSignatures(target.object)) {
        fail(userId, keyId, "M_INVALID_PARAM", "The signed object differs from the published key");
        continue;
      }
      const newSignatures = signaturesOf(signed)[signer.userId] ?? {};
      if (Object.keys(newSignatures).length === 0) {
        fail(userId, keyId, "M_INVALID_SIGNATURE", `No signature by ${signer.userId}`);
        continue;
      }
      const accepted: Record<string, string> = {};
      let problem: string | undefined;
      for (const [signingKeyId, signature] of Object.entries(newSignatures)) {
        const publicKey = signingKeyFor(signer, userId, target, signingKeyId);
        if (!publicKey) problem = `${signingKeyId} may not sign this key`;
        else if (!verifyJsonSignature(signed, publicKey, signature)) problem = `Signature by ${signingKeyId} does not verify`;
        else accepted[signingKeyId] = signature;
      }
      if (problem) {
        fail(userId, keyId, "M_INVALID_SIGNATURE", problem);
        continue;
      }
      mergeSignatures(target.object, { [signer.userId]: accepted });
      changedUsers.add(userId);
    }
  }
  for (const userId of changedUsers) recordKeyChange(state, userId, userId === signer.userId ? undefined : signer.userId);
  return { failures };
}
