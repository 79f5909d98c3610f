/**
 * The command line's own Matrix session: a fresh device, signed in with a password, with Rust
 * crypto kept in memory (nothing is written to disk), signed out again (deleting the device) at the end.
 */
import { ClientEvent, SyncState, createClient, type MatrixClient } from "matrix-js-sdk";
import { decodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/index.js";
import { quietLogger } from "./quiet-logger.ts";

export const DEVICE_NAME = "Matrix Trust Auditor (command line)";

export class CliError extends Error {}

export interface Session {
  client: MatrixClient;
  /** The secret storage key, once the recovery key is checked; the crypto asks for it through a callback. */
  secretKey: { current: Uint8Array<ArrayBuffer> | null };
}

export async function signIn(homeserver: string, user: string, password: string): Promise<Session> {
  const anonymous = createClient({ baseUrl: homeserver, logger: quietLogger });
  let login;
  try {
    login = await anonymous.loginRequest({
      type: "m.login.password",
      identifier: { type: "m.id.user", user },
      password,
      initial_device_display_name: DEVICE_NAME,
    });
  } catch (error) {
    throw new CliError(`Could not sign in to ${homeserver} as ${user}: ${errorText(error)}`);
  }
  const secretKey: Session["secretKey"] = { current: null };
  const client = createClient({
    baseUrl: homeserver,
    userId: login.user_id,
    deviceId: login.device_id,
    accessToken: login.access_token,
    logger: quietLogger,
    cryptoCallbacks: {
      getSecretStorageKey: async ({ keys }) => {
        const keyId = await client.secretStorage.getDefaultKeyId();
        return secretKey.current && keyId && keys[keyId] ? [keyId, secretKey.current] : null;
      },
    },
  });
  return { client, secretKey };
}

export async function startCrypto(client: MatrixClient): Promise<void> {
  // In memory: a command-line run keeps no keys on disk.
  await client.initRustCrypto({ useIndexedDB: false });
}

export async function syncOnce(client: MatrixClient, timeoutMs = 60_000): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CliError(`The homeserver did not finish syncing within ${timeoutMs / 1000} s.`)), timeoutMs);
    const onSync = (state: SyncState, _prev: SyncState | null, data?: { error?: Error }): void => {
      if (state === SyncState.Prepared || state === SyncState.Syncing) {
        clearTimeout(timer);
        client.off(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error && data?.error && /M_UNKNOWN_TOKEN|401|403/.test(String(data.error))) {
        clearTimeout(timer);
        client.off(ClientEvent.Sync, onSync);
        reject(new CliError(`Syncing failed: ${errorText(data.error)}`));
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient({ initialSyncLimit: 1, lazyLoadMembers: true });
  await ready;
}

/**
 * Restores this device's trust in the account's cross-signing identity from secret storage, so
 * the users and devices the account verified show as verified. Returns why it could not, or null.
 */
export async function restoreCrossSigning({ client, secretKey }: Session, recoveryKey: string | null): Promise<string | null> {
  const crypto = client.getCrypto()!;
  const userId = client.getUserId()!;
  if (!(await crypto.userHasCrossSigningKeys(userId, true)))
    return "This account has no cross-signing identity, so no user or device can be verified from it.";
  if (recoveryKey === null)
    return (
      "No recovery key was given, so this new session cannot trust the account's cross-signing identity " +
      "and cannot tell which users and devices the account verified. Pass --recovery-key to restore it."
    );
  let key: Uint8Array<ArrayBuffer>;
  try {
    key = decodeRecoveryKey(recoveryKey);
  } catch (error) {
    throw new CliError(`The recovery key is not valid: ${errorText(error)}`);
  }
  const keyId = await client.secretStorage.getDefaultKeyId();
  const keyInfo = keyId ? await client.secretStorage.getKey(keyId) : null;
  if (!keyId || !keyInfo) return "The account has no secret storage, so its cross-signing keys cannot be restored.";
  if (!(await client.secretStorage.checkKey(key, keyInfo[1])))
    throw new CliError("The recovery key does not match this account's secret storage key.");
  secretKey.current = key;
  try {
    // Imports the private cross-signing keys from secret storage and signs this device with them.
    await crypto.bootstrapCrossSigning({});
  } catch (error) {
    throw new CliError(`Restoring cross-signing from secret storage failed: ${errorText(error)}`);
  }
  if (!(await crypto.getUserVerificationStatus(userId)).isCrossSigningVerified())
    return "The cross-signing keys in secret storage do not match the account's published identity.";
  return null;
}

/** Signs out, which deletes this device on the server; then stops the client. */
export async function signOut(client: MatrixClient): Promise<void> {
  try {
    await client.logout(true);
  } finally {
    client.stopClient();
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
