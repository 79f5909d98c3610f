/**
 * What a reset replaces, saved before it starts, so a reset that fails (e.g. a refused password)
 * can put the account back as it was: the secret storage account data is copied as the server holds
 * it (still encrypted: no key is needed), and this session's identity keys, when it has them.
 */
import type { MatrixClient } from "matrix-js-sdk";
import { requireCrypto } from "./crypto.ts";

const SECRET_STORAGE_TYPES = [
  "m.secret_storage.default_key",
  "m.cross_signing.master",
  "m.cross_signing.self_signing",
  "m.cross_signing.user_signing",
  "m.megolm_backup.v1",
] as const;

type SecretsBundle = Awaited<ReturnType<NonNullable<ReturnType<typeof requireCrypto>["exportSecretsBundle"]>>>;

export interface RollbackPoint {
  restore(): Promise<void>;
}

async function accountDataOnServer(client: MatrixClient, type: string): Promise<Record<string, unknown>> {
  try {
    return ((await client.getAccountDataFromServer(type as never)) as Record<string, unknown> | null) ?? {};
  } catch {
    return {}; // M_NOT_FOUND: the server holds nothing of this type
  }
}

/**
 * Saves what a reset replaces (secret storage on the server, this session's identity keys) and
 * returns how to put it back. Throws a VerificationError `wrong-step` when encryption is not running;
 * rejects when the server's account data cannot be read.
 */
export async function rollbackPoint(client: MatrixClient): Promise<RollbackPoint> {
  const crypto = requireCrypto(client);
  const saved = new Map<string, Record<string, unknown>>();
  for (const type of SECRET_STORAGE_TYPES) saved.set(type, await accountDataOnServer(client, type));
  let localKeys: SecretsBundle | null = null;
  const status = await crypto.getCrossSigningStatus();
  if (Object.values(status.privateKeysCachedLocally).every(Boolean) && crypto.exportSecretsBundle) {
    localKeys = await crypto.exportSecretsBundle().catch(() => null);
  }
  return {
    async restore() {
      for (const [type, content] of saved) await client.setAccountData(type as never, content as never);
      // Re-read our identity from the server: the failed reset left its unpublished one in the local store.
      await crypto.userHasCrossSigningKeys(client.getSafeUserId(), true);
      if (localKeys && crypto.importSecretsBundle) await crypto.importSecretsBundle(localKeys).catch(() => undefined);
    },
  };
}
