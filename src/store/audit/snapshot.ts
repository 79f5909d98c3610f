/**
 * The last audit report, kept so that a background woken by the browser answers `audit.report`
 * from storage at once while the crypto re-opens, and so that the first audit after a restart can
 * tell what changed while the background slept. One snapshot: there is one session at a time.
 */
import { reportBody } from "../../core/risk.ts";
import type { AuditReport } from "../../core/verdicts.ts";
import { getMeta, setMeta, type AuditorDB } from "../db.ts";
import { toStorageError } from "../errors.ts";
import { SNAPSHOT_KEY } from "./meta-keys.ts";

export interface StoredReport {
  format: 1;
  account: string;
  deviceId: string;
  savedAt: number;
  report: AuditReport;
}

/** A value read back is checked, not trusted: anything unexpected counts as no snapshot. */
function isStoredReport(value: unknown): value is StoredReport {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<StoredReport>;
  const report = v.report as Partial<AuditReport> | undefined;
  return (
    v.format === 1 &&
    typeof v.account === "string" &&
    typeof v.deviceId === "string" &&
    typeof v.savedAt === "number" &&
    typeof report === "object" &&
    report !== null &&
    report.version === 1 &&
    Array.isArray(report.rooms) &&
    typeof report.summary === "object" &&
    report.account?.userId === v.account &&
    report.account?.deviceId === v.deviceId
  );
}

/** The stored report of this account and device, or null (none, another session's, or unreadable). */
export async function loadReportSnapshot(db: AuditorDB, account: string, deviceId: string): Promise<AuditReport | null> {
  const stored = await getMeta<unknown>(db, SNAPSHOT_KEY);
  if (!isStoredReport(stored) || stored.account !== account || stored.deviceId !== deviceId) return null;
  // Snapshots saved before problems were part of the report get them (and their counts) here.
  return { ...stored.report, ...reportBody(stored.report.rooms) };
}

/**
 * The stored report of this account from whichever device wrote it, or null: the command line
 * signs in as a new device at every run, and its last run's report is its baseline.
 */
export async function loadAccountSnapshot(db: AuditorDB, account: string): Promise<{ report: AuditReport; savedAt: number } | null> {
  const stored = await getMeta<unknown>(db, SNAPSHOT_KEY);
  return isStoredReport(stored) && stored.account === account ? { report: stored.report, savedAt: stored.savedAt } : null;
}

export async function saveReportSnapshot(db: AuditorDB, report: AuditReport, now = Date.now()): Promise<void> {
  const stored: StoredReport = {
    format: 1,
    account: report.account.userId,
    deviceId: report.account.deviceId,
    savedAt: now,
    report,
  };
  await setMeta(db, SNAPSHOT_KEY, stored);
}

export async function deleteReportSnapshot(db: AuditorDB): Promise<void> {
  try {
    await db.delete("meta", SNAPSHOT_KEY);
  } catch (error) {
    throw toStorageError(error);
  }
}
