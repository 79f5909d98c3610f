/**
 * Records of users whose cryptographic identity (master key) changed, and how the user dealt with
 * each change. Keyed [account, user, new master key], so recording the same change at every audit
 * is harmless.
 */
import type { IdentityResolution } from "../core/verdicts.ts";
import type { AuditorDB } from "./db.ts";
import type { IdentityChangeInput, IdentityChangeRecord } from "./records.ts";
import { readConsistently, writeAtomically } from "./transact.ts";
import { accountRange, accountUserRange } from "./keys.ts";
import { requireText } from "./validate.ts";

const RESOLUTIONS: readonly IdentityResolution[] = ["pinned", "withdrawn", "re-verified"];

/**
 * Records a change the first time it is seen and returns the record. Seen again, it keeps
 * `firstSeen` and the resolution; it only fills in the previous key if that was unknown before.
 */
export async function recordIdentityChange(
  db: AuditorDB,
  account: string,
  change: IdentityChangeInput,
  now = Date.now(),
): Promise<IdentityChangeRecord> {
  requireText(account, "account");
  requireText(change.userId, "userId");
  requireText(change.newMasterKey, "newMasterKey");
  if (change.previousMasterKey !== null) requireText(change.previousMasterKey, "previousMasterKey");

  return writeAtomically(db, ["identityChanges"], async (tx) => {
    const store = tx.objectStore("identityChanges");
    const before = await store.get([account, change.userId, change.newMasterKey]);
    if (before && (before.previousMasterKey !== null || change.previousMasterKey === null)) return before;
    const record: IdentityChangeRecord = before
      ? { ...before, previousMasterKey: change.previousMasterKey }
      : {
          account,
          userId: change.userId,
          previousMasterKey: change.previousMasterKey,
          newMasterKey: change.newMasterKey,
          firstSeen: now,
          resolution: null,
          resolvedAt: null,
        };
    await store.put(record);
    return record;
  });
}

/**
 * Records how a change was resolved. A later resolution replaces an earlier one (pinned, then
 * re-verified, says more). Returns the updated record, or undefined if no such change was recorded.
 */
export async function resolveIdentityChange(
  db: AuditorDB,
  account: string,
  userId: string,
  newMasterKey: string,
  resolution: IdentityResolution,
  now = Date.now(),
): Promise<IdentityChangeRecord | undefined> {
  if (!RESOLUTIONS.includes(resolution)) throw new TypeError(`unknown identity resolution: ${String(resolution)}`);
  return writeAtomically(db, ["identityChanges"], async (tx) => {
    const store = tx.objectStore("identityChanges");
    const before = await store.get([account, userId, newMasterKey]);
    if (!before) return undefined;
    const record: IdentityChangeRecord = { ...before, resolution, resolvedAt: now };
    await store.put(record);
    return record;
  });
}

export interface ListIdentityChangesOptions {
  userId?: string;
  unresolvedOnly?: boolean;
}

/** The account's identity changes, newest first. */
export async function listIdentityChanges(
  db: AuditorDB,
  account: string,
  options: ListIdentityChangesOptions = {},
): Promise<IdentityChangeRecord[]> {
  const range = options.userId === undefined ? accountRange(account) : accountUserRange(account, options.userId);
  const records = await readConsistently(db, ["identityChanges"], (tx) =>
    tx.objectStore("identityChanges").getAll(range),
  );
  return records
    .filter((record) => !options.unresolvedOnly || record.resolution === null)
    .sort((a, b) => b.firstSeen - a.firstSeen);
}
