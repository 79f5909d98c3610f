/**
 * Where this account and this session stand, in the SDK's terms and in plain words
 * (MSC4161 vocabulary: "digital identity", "recovery key", "reset"; no jargon on screen).
 */
import type { MatrixClient } from "matrix-js-sdk";
import type { CrossSigningStatus } from "matrix-js-sdk/lib/crypto-api/index.js";
import { requireCrypto } from "./crypto.ts";

/** What the user can do next, most useful first. */
export type IdentityAction = "verify-with-recovery-key" | "verify-with-other-device" | "set-up" | "finish-set-up" | "reset";

export interface IdentityStatus {
  /** `isCrossSigningReady()`: this session can vouch for devices and people. */
  ready: boolean;
  /** The account has published a digital identity (cross-signing master key). */
  accountHasIdentity: boolean;
  /** This session (device) is signed by the account's identity. */
  thisSessionVerified: boolean;
  /** A recovery key (default secret storage key) exists on the account. */
  recoverySetUp: boolean;
  /** `isSecretStorageReady()`: the recovery key safeguards the identity keys. */
  recoveryReady: boolean;
  detail: CrossSigningStatus;
  /** One or two sentences for the user. */
  summary: string;
  actions: IdentityAction[];
}

/**
 * This session's view of the account's digital identity, in words and with the actions open to the
 * user. Asks the server for the account's identity. Throws a VerificationError `wrong-step` when
 * encryption is not running; rejects when the server cannot be asked.
 */
export async function readIdentityStatus(client: MatrixClient): Promise<IdentityStatus> {
  const crypto = requireCrypto(client);
  const userId = client.getSafeUserId();
  const deviceId = client.getDeviceId() ?? "";
  // Asking about our own user refreshes our identity from the server (a /keys/query).
  const accountHasIdentity = await crypto.userHasCrossSigningKeys(userId, true);
  const [ready, detail, recoveryReady, defaultKeyId, device] = await Promise.all([
    crypto.isCrossSigningReady(),
    crypto.getCrossSigningStatus(),
    crypto.isSecretStorageReady(),
    client.secretStorage.getDefaultKeyId(),
    crypto.getDeviceVerificationStatus(userId, deviceId),
  ]);
  const thisSessionVerified = Boolean(device?.crossSigningVerified);
  const recoverySetUp = defaultKeyId !== null;
  const actions: IdentityAction[] = [];
  let summary: string;
  if (!accountHasIdentity) {
    summary =
      "Your account has no digital identity yet, so nobody (including this audit) can tell your devices apart from an impostor's. Set one up to protect it with a recovery key.";
    actions.push("set-up");
  } else if (!thisSessionVerified) {
    summary =
      "Your account has a digital identity, but this session is not verified with it yet. Until it is, the audit sees every other person as unverified. Verify it with your recovery key or with another of your devices.";
    if (detail.privateKeysInSecretStorage) actions.push("verify-with-recovery-key");
    actions.push("verify-with-other-device", "reset");
  } else if (!recoveryReady) {
    summary =
      "This session is verified, but your identity is not safeguarded by a recovery key. Finish the set-up so you can verify new sessions later.";
    actions.push("finish-set-up", "reset");
  } else {
    summary = "This session is verified with your digital identity, and your recovery key safeguards it.";
    actions.push("reset");
  }
  return { ready, accountHasIdentity, thisSessionVerified, recoverySetUp, recoveryReady, detail, summary, actions };
}
