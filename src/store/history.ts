/**
 * The append-only log of trust changes, per account, bounded by a configurable retention (age and
 * count; the oldest entries go first). Appending and pruning happen in one transaction, so the log
 * never sits above its bound. Read newest first, filtered by room and/or user, a page at a time.
 */
import type { IDBPTransaction } from "idb";
import type { TrustChangeKind } from "../core/verdicts.ts";
import type { AuditorDB, AuditorSchema, StoredHistoryEntry } from "./db.ts";
import type { HistoryEntry, HistoryRetention, TrustChangeInput } from "./records.ts";
import { readConsistently, requestEach, writeAtomically } from "./transact.ts";
import { requireText, requireTime } from "./validate.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_HISTORY_RETENTION: HistoryRetention = { maxAgeMs: 365 * DAY_MS, maxEntries: 10_000 };
/** The `meta` key the retention setting is kept under. */
export const RETENTION_META_KEY = "history.retention";
export const MAX_DETAIL_LENGTH = 2000;
export const MAX_PAGE_SIZE = 1000;

const KINDS: readonly TrustChangeKind[] = [
  "device-added", "device-removed", "device-signed", "device-verified",
  "identity-reset", "user-verified", "member-joined", "member-left",
];

type HistoryTx = IDBPTransaction<AuditorSchema, ["history", "meta"], "readwrite">;

/** Appends entries (in order), then prunes the account's log to the retention; returns the entries with their `seq`. */
export async function appendHistory(
  db: AuditorDB,
  account: string,
  changes: readonly TrustChangeInput[],
  now = Date.now(),
): Promise<HistoryEntry[]> {
  requireText(account, "account");
  const entries = changes.map((change) => checkedEntry(account, change, now));
  return writeAtomically(db, ["history", "meta"], async (tx) => {
    const store = tx.objectStore("history");
    const seqs = await requestEach(entries, (entry) => store.add(entry));
    await prune(tx, account, now);
    return entries.map((entry, i) => ({ ...entry, seq: seqs[i]! }));
  });
}

/** Prunes one account's log to the current retention (e.g. after the setting changed); returns how many went. */
export async function pruneHistory(db: AuditorDB, account: string, now = Date.now()): Promise<number> {
  return writeAtomically(db, ["history", "meta"], (tx) => prune(tx, account, now));
}

export async function getHistoryRetention(db: AuditorDB): Promise<HistoryRetention> {
  return readConsistently(db, ["meta"], async (tx) => retentionFrom(await tx.objectStore("meta").get(RETENTION_META_KEY)));
}

/** Stores the retention setting; it applies from the next append or `pruneHistory`. */
export async function setHistoryRetention(db: AuditorDB, retention: HistoryRetention): Promise<void> {
  if (!isRetention(retention))
    throw new TypeError("retention needs maxAgeMs > 0 and an integer maxEntries ≥ 1");
  const value: HistoryRetention = { maxAgeMs: retention.maxAgeMs, maxEntries: retention.maxEntries };
  await writeAtomically(db, ["meta"], (tx) => tx.objectStore("meta").put(value, RETENTION_META_KEY));
}

export interface HistoryQuery {
  roomId?: string;
  userId?: string;
  /** Only entries older than this `seq`: pass the previous page's `nextBefore`. */
  before?: number;
  /** Page size, 1…MAX_PAGE_SIZE; default 50. */
  limit?: number;
}

export interface HistoryPage {
  /** Newest first. */
  entries: HistoryEntry[];
  /** `before` for the next page, or null when this was the last. */
  nextBefore: number | null;
}

export async function queryHistory(db: AuditorDB, account: string, query: HistoryQuery = {}): Promise<HistoryPage> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new TypeError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  const { index, prefix } = chooseIndex(account, query);
  const upper = query.before ?? Infinity;
  const range = IDBKeyRange.bound([...prefix, -Infinity], [...prefix, upper], false, query.before !== undefined);

  const found = await readConsistently(db, ["history"], async (tx) => {
    const rows: StoredHistoryEntry[] = [];
    let cursor = await tx.objectStore("history").index(index).openCursor(range, "prev");
    // One more than a page tells whether another page follows.
    while (cursor && rows.length <= limit) {
      rows.push(cursor.value);
      cursor = await cursor.continue();
    }
    return rows as HistoryEntry[];
  });
  const entries = found.slice(0, limit);
  return { entries, nextBefore: found.length > limit ? entries[entries.length - 1]!.seq : null };
}

function chooseIndex(account: string, query: HistoryQuery) {
  const { roomId, userId } = query;
  if (roomId !== undefined && userId !== undefined) return { index: "byRoomUser", prefix: [account, roomId, userId] } as const;
  if (roomId !== undefined) return { index: "byRoom", prefix: [account, roomId] } as const;
  if (userId !== undefined) return { index: "byUser", prefix: [account, userId] } as const;
  return { index: "byAccount", prefix: [account] } as const;
}

async function prune(tx: HistoryTx, account: string, now: number): Promise<number> {
  const retention = retentionFrom(await tx.objectStore("meta").get(RETENTION_META_KEY));
  const store = tx.objectStore("history");
  let removed = 0;

  const tooOld = IDBKeyRange.bound([account, -Infinity], [account, now - retention.maxAgeMs], false, true);
  let byAge = await store.index("byAccountTime").openCursor(tooOld);
  while (byAge) {
    await byAge.delete();
    removed++;
    byAge = await byAge.continue();
  }

  const all = IDBKeyRange.bound([account, -Infinity], [account, Infinity]);
  let excess = (await store.index("byAccount").count(all)) - retention.maxEntries;
  let oldest = excess > 0 ? await store.index("byAccount").openCursor(all) : null;
  while (oldest && excess > 0) {
    await oldest.delete();
    removed++;
    excess--;
    oldest = await oldest.continue();
  }
  return removed;
}

function retentionFrom(stored: unknown): HistoryRetention {
  return isRetention(stored) ? stored : DEFAULT_HISTORY_RETENTION;
}

function isRetention(value: unknown): value is HistoryRetention {
  if (typeof value !== "object" || value === null) return false;
  const { maxAgeMs, maxEntries } = value as Partial<HistoryRetention>;
  return (
    typeof maxAgeMs === "number" && Number.isFinite(maxAgeMs) && maxAgeMs > 0 &&
    typeof maxEntries === "number" && Number.isInteger(maxEntries) && maxEntries >= 1
  );
}

function checkedEntry(account: string, change: TrustChangeInput, now: number): StoredHistoryEntry {
  if (!KINDS.includes(change.kind)) throw new TypeError(`unknown trust change kind: ${String(change.kind)}`);
  requireText(change.userId, "userId");
  if (typeof change.detail !== "string" || change.detail.length > MAX_DETAIL_LENGTH)
    throw new TypeError(`detail must be a string of at most ${MAX_DETAIL_LENGTH} characters`);
  const entry: StoredHistoryEntry = {
    account,
    kind: change.kind,
    at: change.at === undefined ? now : requireTime(change.at, "at"),
    userId: change.userId,
    detail: change.detail,
  };
  if (change.roomId !== undefined) entry.roomId = requireText(change.roomId, "roomId");
  if (change.deviceId !== undefined) entry.deviceId = requireText(change.deviceId, "deviceId");
  return entry;
}
