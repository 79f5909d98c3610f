/** The records store's public API: import from here. */
export { DB_NAME, DB_VERSION, DEFAULT_BLOCKED_TIMEOUT_MS, openAuditorDB, getMeta, setMeta } from "./db.ts";
export type { AuditorDB, AuditorSchema, OpenOptions } from "./db.ts";
export { StorageError, toStorageError } from "./errors.ts";
export type { StorageErrorKind } from "./errors.ts";
export type {
  DeviceKey,
  FindingInput,
  FindingRecord,
  FindingOccurrence,
  HistoryEntry,
  HistoryRetention,
  IdentityChangeInput,
  IdentityChangeRecord,
  TrustChangeInput,
} from "./records.ts";
export {
  recordFindings,
  markWarned,
  markGone,
  acknowledge,
  countUnacknowledged,
  listFindings,
  findingsOfDevice,
  toFinding,
} from "./findings.ts";
export type { AcknowledgeTarget, ListFindingsOptions, RecordFindingsOptions } from "./findings.ts";
export { recordIdentityChange, resolveIdentityChange, listIdentityChanges } from "./identity-changes.ts";
export type { ListIdentityChangesOptions } from "./identity-changes.ts";
export {
  appendHistory,
  queryHistory,
  pruneHistory,
  getHistoryRetention,
  setHistoryRetention,
  DEFAULT_HISTORY_RETENTION,
  MAX_DETAIL_LENGTH,
  MAX_PAGE_SIZE,
} from "./history.ts";
export type { HistoryPage, HistoryQuery } from "./history.ts";
export { exportAccount, wipeAccount, EXPORT_FORMAT } from "./account.ts";
export type { AccountExport, WipeSummary } from "./account.ts";
