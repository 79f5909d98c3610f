/** Shared set-up for the session tests: a fresh fake IndexedDB per test and a SessionManager on it. */
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { SessionManager, type SessionEnvironment } from "../../../../src/background/session/session-manager.ts";
import { openAuditorDB, type AuditorDB } from "../../../../src/store/db.ts";
import { SESSION_KEY } from "../../../../src/store/session.ts";
import { wipeAccount } from "../../../../src/store/account.ts";

export const DEVICE_NAME = "Matrix Trust Auditor (Chrome)";

/**
 * matrix-js-sdk gives each /sync request an 80-second-plus deadline timer that it never clears, which
 * would keep Node running long after the tests. Deadlines that long never decide a test here, so
 * they are made not to hold the process open (unref); the timers still fire if the process lives.
 */
const LONG_DEADLINE_MS = 60_000;
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = originalSetTimeout(handler, ms, ...args);
  if ((ms ?? 0) >= LONG_DEADLINE_MS) timer.unref();
  return timer;
}) as typeof globalThis.setTimeout;

/** Gives every test an empty IndexedDB (the Rust crypto uses the global one, so the global is replaced). */
export function freshIndexedDB(): IDBFactory {
  const factory = new IDBFactory();
  globalThis.indexedDB = factory;
  return factory;
}

export interface TestSession {
  manager: SessionManager;
  db: () => Promise<AuditorDB>;
}

/** A SessionManager as the background builds it, on the current global IndexedDB. */
export function makeManager(overrides: Partial<SessionEnvironment> = {}): TestSession {
  let opened: Promise<AuditorDB> | undefined;
  const db = () => (opened ??= openAuditorDB());
  const manager = new SessionManager({
    db,
    indexedDB: globalThis.indexedDB,
    http: { fetchFn: (input, init) => fetch(input, init), timeoutMs: 5_000 },
    deviceName: DEVICE_NAME,
    // Short long-polls keep the tests quick; the product uses 25 s.
    pollTimeoutMs: 1_000,
    wipeAccountRecords: async (userId) => wipeAccount(await db(), userId),
    ...overrides,
  });
  return { manager, db };
}

/** Names of all IndexedDB databases that exist now. */
export async function databaseNames(): Promise<string[]> {
  return (await globalThis.indexedDB.databases()).map((info) => info.name ?? "").sort();
}

/** What the extension's meta store holds under the session key. */
export async function storedSession(db: AuditorDB): Promise<unknown> {
  return db.get("meta", SESSION_KEY);
}

/** Runs `fn` and returns the error it threw (failing if it did not throw). */
export async function rejection(fn: () => Promise<unknown>): Promise<{ code: string; message: string; retryAfterMs?: number }> {
  try {
    await fn();
  } catch (error) {
    return error as { code: string; message: string; retryAfterMs?: number };
  }
  throw new Error("expected a rejection, but it resolved");
}
