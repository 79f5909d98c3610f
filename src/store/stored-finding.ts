/** Converts between finding records and their stored form (which carries the `pending` index field; see db.ts). */
import type { StoredFinding } from "./db.ts";
import type { FindingRecord } from "./records.ts";

export function toStored(record: FindingRecord): StoredFinding {
  const stored: StoredFinding = { ...record };
  if (record.acknowledged === null && record.gone === null) stored.pending = record.account;
  return stored;
}

export function fromStored(stored: StoredFinding): FindingRecord {
  const { pending: _pending, ...record } = stored;
  return record;
}
