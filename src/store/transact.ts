/**
 * Runs record work in one IndexedDB transaction: either every write lands or none does, so a
 * worker killed mid-write (or a quota refusal) never leaves half an update behind. Failures come
 * out as StorageError.
 *
 * The work function must only await IndexedDB requests of `tx`: awaiting anything else lets the
 * transaction commit early.
 */
import type { IDBPTransaction, StoreNames } from "idb";
import type { AuditorDB, AuditorSchema } from "./db.ts";
import { toStorageError } from "./errors.ts";

type Names = StoreNames<AuditorSchema>[];

export async function writeAtomically<N extends Names, R>(
  db: AuditorDB,
  storeNames: N,
  work: (tx: IDBPTransaction<AuditorSchema, N, "readwrite">) => Promise<R>,
): Promise<R> {
  return inTransaction(db, storeNames, "readwrite", work);
}

/** Reads from one transaction, so what is read is one consistent state. */
export async function readConsistently<N extends Names, R>(
  db: AuditorDB,
  storeNames: N,
  work: (tx: IDBPTransaction<AuditorSchema, N, "readonly">) => Promise<R>,
): Promise<R> {
  return inTransaction(db, storeNames, "readonly", work);
}

async function inTransaction<N extends Names, M extends IDBTransactionMode, R>(
  db: AuditorDB,
  storeNames: N,
  mode: M,
  work: (tx: IDBPTransaction<AuditorSchema, N, M>) => Promise<R>,
): Promise<R> {
  let tx: IDBPTransaction<AuditorSchema, N, M>;
  try {
    tx = db.transaction(storeNames, mode);
  } catch (error) {
    throw toStorageError(error);
  }
  try {
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already committed or aborted by IndexedDB itself; `tx.done` below tells which.
    }
    // Settle `tx.done` so its rejection is not left unhandled; the first error is the one to report.
    await tx.done.catch(() => undefined);
    throw toStorageError(tx.error ?? error);
  }
}

/**
 * Starts one request per item and waits for them all. If starting one throws (IndexedDB throws
 * synchronously, e.g. on quota or bad keys), the ones already started are aborted with the
 * transaction; marking each as handled here keeps their rejections from going unhandled.
 */
export function requestEach<T, R>(items: readonly T[], start: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const started: Promise<R>[] = [];
  items.forEach((item, index) => {
    const request = start(item, index);
    request.catch(() => undefined);
    started.push(request);
  });
  return Promise.all(started);
}
