/**
 * Whole-account operations: export every record of an account as plain JSON (to keep before any
 * reset), and wipe them (at sign-out) without touching other accounts. Both run in one
 * transaction, so an export is one consistent state and a wipe is all or nothing.
 */
import { DB_VERSION, type AuditorDB } from "./db.ts";
import { fromStored } from "./stored-finding.ts";
import type { FindingRecord, HistoryEntry, IdentityChangeRecord } from "./records.ts";
import { readConsistently, writeAtomically } from "./transact.ts";
import { accountRange } from "./keys.ts";
import { requireText } from "./validate.ts";

export const EXPORT_FORMAT = "matrix-trust-auditor.records";

export interface AccountExport {
  format: typeof EXPORT_FORMAT;
  /** The database schema version the records come from. */
  schemaVersion: number;
  exportedAt: number;
  account: string;
  findings: FindingRecord[];
  identityChanges: IdentityChangeRecord[];
  /** Oldest first. */
  history: HistoryEntry[];
}

export async function exportAccount(db: AuditorDB, account: string, now = Date.now()): Promise<AccountExport> {
  requireText(account, "account");
  return readConsistently(db, ["findings", "identityChanges", "history"], async (tx) => {
    // One after another: reads in one transaction see one state either way, and nothing is left unhandled.
    const findings = await tx.objectStore("findings").getAll(accountRange(account));
    const identityChanges = await tx.objectStore("identityChanges").getAll(accountRange(account));
    const history = await tx.objectStore("history").index("byAccount").getAll(historyRange(account));
    return {
      format: EXPORT_FORMAT,
      schemaVersion: DB_VERSION,
      exportedAt: now,
      account,
      findings: findings.map(fromStored),
      identityChanges,
      history: history as HistoryEntry[],
    };
  });
}

export interface WipeSummary {
  findings: number;
  identityChanges: number;
  history: number;
}

/** Deletes every record of the account, in one transaction; other accounts' records stay. */
export async function wipeAccount(db: AuditorDB, account: string): Promise<WipeSummary> {
  requireText(account, "account");
  return writeAtomically(db, ["findings", "identityChanges", "history"], async (tx) => {
    const findings = tx.objectStore("findings");
    const identityChanges = tx.objectStore("identityChanges");
    const history = tx.objectStore("history");
    const findingCount = await findings.count(accountRange(account));
    const identityCount = await identityChanges.count(accountRange(account));
    await findings.delete(accountRange(account));
    await identityChanges.delete(accountRange(account));

    let historyCount = 0;
    let cursor = await history.index("byAccount").openKeyCursor(historyRange(account));
    while (cursor) {
      await history.delete(cursor.primaryKey);
      historyCount++;
      cursor = await cursor.continue();
    }
    return { findings: findingCount, identityChanges: identityCount, history: historyCount };
  });
}

function historyRange(account: string): IDBKeyRange {
  return IDBKeyRange.bound([account, -Infinity], [account, Infinity]);
}
