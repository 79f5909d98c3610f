/**
 * TEST BUILDS ONLY (`npm run build:test`; in the shipped build `__TEST_BUILD__` is false, so
 * running-session.ts never calls this and the bundler leaves it out: no byte of it in dist/): the sync
 * mode the account bench (test/bench/account.ts) chose for the next sign-in, written to
 * `storage.local` from an extension page before it signs in. The bench measures the full sync (what
 * the extension used before) beside the lean one the extension always uses.
 */
import type { SyncMode } from "./sync-filter.ts";

/** The `storage.local` key the bench writes ("full" or "lean"). */
export const BENCH_SYNC_MODE_KEY = "benchSyncMode";

/** The mode stored in `area` (the extension's `storage.local`), or undefined. */
export async function benchSyncMode(area: { get(key: string): Promise<Record<string, unknown>> }): Promise<SyncMode | undefined> {
  const stored = (await area.get(BENCH_SYNC_MODE_KEY))[BENCH_SYNC_MODE_KEY];
  return stored === "full" || stored === "lean" ? stored : undefined;
}
