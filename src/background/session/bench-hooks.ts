/**
 * TEST BUILDS ONLY (`npm run build:test`; main.ts calls this only when `__TEST_BUILD__` is true, so
 * the shipped build leaves it out): lets the audit bench (test/bench/audit-browser.ts) reach the
 * background's Matrix client from the DevTools protocol, to run the Element-style loop of public
 * `CryptoApi` calls on the same client and IndexedDB as the extension's own audit, for comparison.
 */
import type { MatrixClient } from "matrix-js-sdk";

/** The global the bench reads (`globalThis[BENCH_CLIENT_KEY]()` in the service worker). */
export const BENCH_CLIENT_KEY = "matrixTrustAuditorBenchClient";

export function exposeBenchClient(client: () => MatrixClient | undefined): void {
  (globalThis as Record<string, unknown>)[BENCH_CLIENT_KEY] = client;
}
