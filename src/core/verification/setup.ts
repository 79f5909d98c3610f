/**
 * Setting up a digital identity (cross-signing) safeguarded by a new recovery key (secret storage),
 * and resetting an existing one.
 *
 * Two steps, so the recovery key is shown before it becomes the only way in: `createRecoveryKey`
 * makes the key (kept in memory by the caller), the user saves it, then `completeSetup` runs.
 * Clean failure: a first set-up uploads the identity before it creates secret storage, so a refused
 * upload leaves the account untouched. A reset changes secret storage before the upload that may ask
 * for the password, so it snapshots what it replaces and puts it back if the reset fails.
 */
import type { MatrixClient } from "matrix-js-sdk";
import type { GeneratedSecretStorageKey } from "matrix-js-sdk/lib/crypto-api/index.js";
import { VerificationError } from "./errors.ts";
import type { SecretStorageKeyBroker } from "./secret-key-broker.ts";
import { passwordAuth } from "./uia.ts";
import { rollbackPoint } from "./rollback.ts";
import { requireCrypto } from "./crypto.ts";
import { readIdentityStatus } from "./status.ts";

export interface NewRecoveryKey {
  /** Shown to the user once, in groups of four. */
  encoded: string;
  generated: GeneratedSecretStorageKey;
}

/**
 * A new recovery key to show the user once; nothing changes on the account yet. Throws a
 * VerificationError `wrong-step` when encryption is not running, and an Error when the SDK gives
 * the key without its text form.
 */
export async function createRecoveryKey(client: MatrixClient): Promise<NewRecoveryKey> {
  const generated = await requireCrypto(client).createRecoveryKeyFromPassphrase();
  if (!generated.encodedPrivateKey) throw new Error("The SDK returned a recovery key without its text form.");
  return { encoded: generated.encodedPrivateKey, generated };
}

export type SetupOutcome = "set-up" | "already-set-up";

/**
 * Idempotent: an account already set up is left as it is. An account whose identity exists but
 * whose keys this session lacks is refused (`identity-exists`): that needs verification or `resetIdentity`.
 */
export async function completeSetup(
  client: MatrixClient,
  broker: SecretStorageKeyBroker,
  recoveryKey: NewRecoveryKey,
  password: string,
): Promise<SetupOutcome> {
  const crypto = requireCrypto(client);
  const status = await readIdentityStatus(client);
  if (status.ready && status.recoveryReady) return "already-set-up";
  const keysHere = Object.values(status.detail.privateKeysCachedLocally).every(Boolean);
  if (status.accountHasIdentity && !(status.thisSessionVerified && keysHere))
    throw new VerificationError(
      "identity-exists",
      "Your account already has a digital identity. Verify this session with your recovery key or another device, or reset your identity.",
    );
  if (!status.accountHasIdentity) {
    // setupNewCrossSigning: keys left here by an earlier, failed attempt were never published; replace them.
    await crypto.bootstrapCrossSigning({
      setupNewCrossSigning: true,
      authUploadDeviceSigningKeys: passwordAuth(client.getSafeUserId(), password),
    });
  }
  await broker.withKey(recoveryKey.generated.privateKey.slice(), null, () =>
    crypto.bootstrapSecretStorage({
      createSecretStorageKey: async () => recoveryKey.generated,
      setupNewSecretStorage: true,
    }),
  );
  return "set-up";
}

/**
 * Replaces the account's digital identity and recovery key. Everyone who verified the old identity
 * will see a warning; devices signed by the old identity become unverified. Needs `confirmed: true`.
 */
export async function resetIdentity(
  client: MatrixClient,
  broker: SecretStorageKeyBroker,
  recoveryKey: NewRecoveryKey,
  password: string,
  confirmed: boolean,
): Promise<void> {
  if (confirmed !== true)
    throw new VerificationError("confirmation-required", "Resetting your identity needs your explicit confirmation.");
  const crypto = requireCrypto(client);
  const rollback = await rollbackPoint(client);
  try {
    await broker.withKey(recoveryKey.generated.privateKey.slice(), null, async () => {
      // New secret storage first, so the new identity's keys are saved under the new recovery key.
      await crypto.bootstrapSecretStorage({
        createSecretStorageKey: async () => recoveryKey.generated,
        setupNewSecretStorage: true,
      });
      await crypto.bootstrapCrossSigning({
        setupNewCrossSigning: true,
        authUploadDeviceSigningKeys: passwordAuth(client.getSafeUserId(), password),
      });
    });
  } catch (e) {
    await rollback.restore();
    throw e;
  }
}

/** Wipes a recovery key the caller no longer needs (after success, or when the user gives up). */
export function forgetRecoveryKey(recoveryKey: NewRecoveryKey): void {
  recoveryKey.generated.privateKey.fill(0);
  recoveryKey.encoded = "";
}
