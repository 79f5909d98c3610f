/**
 * The command line's own Matrix session: the homeserver found as the extension finds it, a new
 * device signed in with the password (the extension's sign-in and its words), Rust crypto in memory
 * (no keys on disk), the identity restored with the recovery key through core's checked flow (which
 * also cross-signs this device, so contacts do not see an unverified new device), and the device
 * deleted again by signing out.
 */
import { ClientEvent, SyncState, createClient, type MatrixClient } from "matrix-js-sdk";
import { SessionError, fromRequestError } from "../core/homeserver/errors.ts";
import type { HttpOptions } from "../core/homeserver/http.ts";
import { loginWithPassword, wrongPassword } from "../core/homeserver/login.ts";
import { DEFAULT_PACING, pacedFetch } from "../core/homeserver/paced-fetch.ts";
import { resolveHomeserver, serverNameOfUserId } from "../core/homeserver/resolve.ts";
import { quietLogger, quietSdkGlobalLogger } from "../core/homeserver/sdk-logger.ts";
import { VerificationError } from "../core/verification/errors.ts";
import { verifySessionWithRecoveryKey } from "../core/verification/restore.ts";
import { SecretStorageKeyBroker } from "../core/verification/secret-key-broker.ts";

export const DEVICE_NAME = "Matrix Trust Auditor (command line)";

const HTTP: HttpOptions = { fetchFn: (input, init) => fetch(input, init), timeoutMs: 30_000 };

export interface Session {
  client: MatrixClient;
  baseUrl: string;
  broker: SecretStorageKeyBroker;
}

/** The client-API base URL for what the user gave (a server name or URL), or the user ID's server. */
export async function findHomeserver(given: string | null, userId: string): Promise<string> {
  const input = given ?? serverNameOfUserId(userId) ?? "";
  return (await resolveHomeserver(input, HTTP)).baseUrl;
}

export async function signIn(baseUrl: string, user: string, password: string): Promise<Session> {
  quietSdkGlobalLogger();
  const credentials = await loginWithPassword({ baseUrl, user, password, deviceName: DEVICE_NAME, http: HTTP });
  // The SDK would otherwise ask for the secret storage key at odd times and wait for an answer nobody gives.
  const broker: SecretStorageKeyBroker = new SecretStorageKeyBroker({ onPrompt: (prompt) => broker.declinePrompt(prompt.id) });
  const client = createClient({
    baseUrl,
    userId: credentials.userId,
    deviceId: credentials.deviceId,
    accessToken: credentials.accessToken,
    fetchFn: pacedFetch(HTTP.fetchFn, DEFAULT_PACING),
    // Its errors go to console.error, which the command line silences (main.ts): failures reach the user from the calls themselves.
    logger: quietLogger("[cli]"),
    cryptoCallbacks: broker.cryptoCallbacks,
  });
  return { client, baseUrl, broker };
}

export async function startCrypto(client: MatrixClient): Promise<void> {
  // In memory: a command-line run keeps no keys on disk.
  await client.initRustCrypto({ useIndexedDB: false });
}

/** Starts the client and waits for its first sync; failures in the extension's words. */
export async function syncOnce(session: Session, timeoutMs = 120_000): Promise<void> {
  const { client, baseUrl } = session;
  const ready = new Promise<void>((resolve, reject) => {
    const finish = (error?: unknown): void => {
      clearTimeout(timer);
      client.off(ClientEvent.Sync, onSync);
      if (error === undefined) resolve();
      else reject(error);
    };
    const timer = setTimeout(() => finish(new SessionError("server-unreachable", `The homeserver at ${baseUrl} did not finish the first sync within ${timeoutMs / 1000} s. Try again later.`)), timeoutMs);
    const onSync = (state: SyncState, _prev: SyncState | null, data?: { error?: Error }): void => {
      if (state === SyncState.Prepared || state === SyncState.Syncing) finish();
      else if (state === SyncState.Error && data?.error) {
        const mapped = fromRequestError(data.error, { where: baseUrl, forbidden: wrongPassword() });
        // The SDK retries network trouble by itself; a refused token or a broken server will not get better.
        if (mapped.code !== "server-unreachable" && mapped.code !== "rate-limited") finish(mapped);
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient({ initialSyncLimit: 1, lazyLoadMembers: false });
  await ready;
}

/**
 * Restores trust in the account's digital identity with the recovery key (core's flow: the key is
 * checked before anything is done with it, and this device ends up cross-signed). Returns why the
 * session could not restore it, for a note; a wrong recovery key is an error.
 */
export async function restoreIdentity(session: Session, recoveryKey: string | null): Promise<string | null> {
  const crypto = session.client.getCrypto()!;
  const userId = session.client.getSafeUserId();
  if (!(await crypto.userHasCrossSigningKeys(userId, true)))
    return "This account has no digital identity (cross-signing), so no person or device can be verified from it.";
  if (recoveryKey === null)
    return (
      "No recovery key was given, so this temporary session cannot trust your digital identity and cannot tell " +
      "which people and devices you verified. Set MATRIX_RECOVERY_KEY or use --recovery-key-file."
    );
  try {
    await verifySessionWithRecoveryKey(session.client, session.broker, recoveryKey);
    return null;
  } catch (error) {
    if (error instanceof VerificationError && error.code !== "wrong-recovery-key") return error.message;
    throw error;
  }
}

/** Signs out, which deletes this device on the server; then stops the client. */
export async function signOut(client: MatrixClient): Promise<void> {
  try {
    await client.logout(true);
  } finally {
    client.stopClient();
  }
}
