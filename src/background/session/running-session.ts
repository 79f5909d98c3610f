/**
 * The background's one SessionManager, built from the browser's own parts: its IndexedDB, its
 * fetch, the database opened at boot, and a device name that says which browser this is.
 */
import type { CryptoCallbacks } from "matrix-js-sdk/lib/crypto-api/index.js";
import browser from "webextension-polyfill";
import { wipeAccount } from "../../store/account.ts";
import { DB_NAME, openAuditorDB, type AuditorDB } from "../../store/db.ts";
import { SessionError } from "../../core/homeserver/errors.ts";
import { SessionManager } from "./session-manager.ts";
import { sessionAreaKeyStore } from "./unlocked-key.ts";
import { benchSyncMode } from "./bench-sync-mode.ts";

/** Time limit for discovery and login requests. */
const REQUEST_TIMEOUT_MS = 15_000;

/** Firefox pages live at moz-extension://, Chrome's at chrome-extension://. */
export function deviceNameFor(extensionBaseUrl: string): string {
  return `Matrix Trust Auditor (${extensionBaseUrl.startsWith("moz-extension:") ? "Firefox" : "Chrome"})`;
}

export interface SessionHooks {
  /** The verification key broker's callbacks (issue 6). */
  cryptoCallbacks?: CryptoCallbacks;
  /** Called when the status may have changed (to push it to open popups). */
  onStatusChange?: () => void;
  /** Called after the store's records of a signed-out account are wiped (the audit deletes its own state). */
  onAccountWiped?: (userId: string) => Promise<void>;
}

let running: SessionManager | undefined;

/** Creates the session owner once per background start and begins restoring the stored session. */
export function startSession(extensionBaseUrl: string, hooks: SessionHooks = {}): SessionManager {
  if (running) return running;
  // Its own connection, not boot's: boot's waits for the crypto WebAssembly to compile, and the
  // first answer after a wake should come from storage without waiting for that.
  let connection: Promise<AuditorDB> | undefined;
  const db = (): Promise<AuditorDB> =>
    (connection ??= openAuditorDB(DB_NAME, { onClosed: () => (connection = undefined) }).catch((error: unknown) => {
      connection = undefined;
      throw new SessionError(
        "storage",
        `The extension's storage could not be opened (${error instanceof Error ? error.message : String(error)}). Reload the extension and try again.`,
      );
    }));
  running = new SessionManager({
    db,
    indexedDB: globalThis.indexedDB,
    // Bound to the global: a service worker refuses a detached fetch. Never cached: a response (the
    // login's access token, keys) must not land in the browser's HTTP cache on disk, whatever
    // caching headers the homeserver sends (Firefox kept the login's token there).
    http: { fetchFn: (input, init) => fetch(input, { ...init, cache: "no-store" }), timeoutMs: REQUEST_TIMEOUT_MS },
    deviceName: deviceNameFor(extensionBaseUrl),
    // Memory only, for as long as the browser runs: a worker restart finds the key, a browser restart does not.
    unlockedKeys: sessionAreaKeyStore(browser.storage.session),
    wipeAccountRecords: async (userId) => {
      await wipeAccount(await db(), userId);
      await hooks.onAccountWiped?.(userId);
    },
    // Test builds only: the account bench picks the full or lean sync. The shipped build drops this
    // (and bench-sync-mode.ts) as dead code, so it always syncs lean.
    ...(__TEST_BUILD__ ? { syncMode: () => benchSyncMode(browser.storage.local) } : {}),
    ...(hooks.cryptoCallbacks ? { cryptoCallbacks: hooks.cryptoCallbacks } : {}),
    ...(hooks.onStatusChange ? { onStatusChange: hooks.onStatusChange } : {}),
  });
  void running.restore().catch((error) => console.error("[session] could not restore the stored session", error));
  return running;
}

/** The session owner of this background start (started by main.ts before any message is handled). */
export function currentSession(): SessionManager {
  if (!running) throw new SessionError("internal", "The session has not been started in this background.");
  return running;
}
