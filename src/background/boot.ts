/**
 * What the background does each time it starts (a service worker or event page starts often):
 * load the Rust crypto's WebAssembly, open the database, and count the start in it.
 * A failing step is reported in the state, never thrown, so the background still answers.
 */
import { initAsync } from "@matrix-org/matrix-sdk-crypto-wasm";
import { getMeta, openAuditorDB, setMeta, type AuditorDB } from "../store/db.ts";

export const BOOT_COUNT_KEY = "bootCount";

export interface BootState {
  /** Starts of the background in this profile, this one included; 0 if storage failed. */
  bootCount: number;
  db: AuditorDB | null;
  storageReady: boolean;
  cryptoWasmReady: boolean;
}

export interface BootSteps {
  openDB: () => Promise<AuditorDB>;
  initCryptoWasm: () => Promise<void>;
}

const defaultSteps: BootSteps = { openDB: () => openAuditorDB(), initCryptoWasm: () => initAsync() };

async function openAndCount(openDB: BootSteps["openDB"]): Promise<{ db: AuditorDB; bootCount: number }> {
  const db = await openDB();
  const stored = await getMeta<unknown>(db, BOOT_COUNT_KEY);
  const previous = Number.isSafeInteger(stored) && (stored as number) >= 0 ? (stored as number) : 0;
  if (stored !== undefined && previous !== stored) console.warn("Boot counter was unreadable; counting again from 0.");
  const bootCount = previous + 1;
  await setMeta(db, BOOT_COUNT_KEY, bootCount);
  return { db, bootCount };
}

/**
 * Runs the start-up steps once `after` has settled (default: at once). The background passes the
 * moment its stored session has been read: starting the WebAssembly's compile and the database writes
 * earlier made the first answer after a wake wait for them (about 30 ms of main-thread work, and
 * IndexedDB contention), and nothing that answer needs comes from here.
 */
export async function boot(steps: BootSteps = defaultSteps, after: Promise<unknown> = Promise.resolve()): Promise<BootState> {
  await after.catch(() => undefined);
  const [storage, crypto] = await Promise.allSettled([openAndCount(steps.openDB), steps.initCryptoWasm()]);
  if (storage.status === "rejected") console.error("Background storage failed to open:", storage.reason);
  if (crypto.status === "rejected") console.error("Rust crypto WebAssembly failed to load:", crypto.reason);
  return {
    bootCount: storage.status === "fulfilled" ? storage.value.bootCount : 0,
    db: storage.status === "fulfilled" ? storage.value.db : null,
    storageReady: storage.status === "fulfilled",
    cryptoWasmReady: crypto.status === "fulfilled",
  };
}
