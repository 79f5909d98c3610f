/**
 * "Verify this session with the recovery key": the key (or passphrase) is checked against the
 * account's secret storage first; only a matching key is lent to the SDK, which then fetches the
 * identity's private keys from secret storage and signs this device with them.
 */
import type { MatrixClient } from "matrix-js-sdk";
import { VerificationError } from "./errors.ts";
import { checkedKey } from "./recovery-key.ts";
import type { SecretStorageKeyBroker } from "./secret-key-broker.ts";
import { requireCrypto } from "./crypto.ts";

/**
 * Verifies this session with the account's recovery key (the identity's keys come from secret
 * storage). Throws a VerificationError: `wrong-step` (no encryption), `no-identity` (no identity, or
 * its keys are not in secret storage), `no-recovery` (no recovery key), or the recovery key's own
 * error for a wrong or malformed key; nothing changes on the account before the key is checked.
 */
export async function verifySessionWithRecoveryKey(
  client: MatrixClient,
  broker: SecretStorageKeyBroker,
  input: string,
): Promise<void> {
  const crypto = requireCrypto(client);
  const userId = client.getSafeUserId();
  const deviceId = client.getDeviceId() ?? "";
  if (!(await crypto.userHasCrossSigningKeys(userId, true)))
    throw new VerificationError("no-identity", "Your account has no digital identity yet: set one up instead.");
  const defaultKey = await client.secretStorage.getKey();
  if (!defaultKey)
    throw new VerificationError("no-recovery", "Your account has no recovery key. Verify with another device, or reset.");
  const [keyId, description] = defaultKey;
  const key = await checkedKey(input, description); // a wrong key stops here, before anything changes
  // Without the identity's keys in secret storage the SDK would mint a new identity instead: refuse.
  if (!(await crypto.getCrossSigningStatus()).privateKeysInSecretStorage) {
    key.fill(0);
    throw new VerificationError(
      "no-identity",
      "Your recovery key is right, but your identity's keys are not stored with it. Verify with another device, or reset.",
    );
  }
  await broker.withKey(key, keyId, async () => {
    await crypto.bootstrapCrossSigning({});
  });
  // The signature is on the server now; our own record of this device learns it with the next key query.
  await crypto.userHasCrossSigningKeys(userId, true);
  const device = await crypto.getDeviceVerificationStatus(userId, deviceId);
  if (!device?.crossSigningVerified)
    throw new VerificationError("no-identity", "The identity keys were read, but this session could not be signed.");
}
