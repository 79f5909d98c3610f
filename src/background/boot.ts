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
 * Counts this start in the database at once, and starts the crypto WebAssembly once `after` has
 * settled (default: at once). The background passes the moment its stored session has been read:
 * the WebAssembly's start is about 30 ms of main-thread work that delayed the first answer after a
 * wake, and that answer needs nothing from it. The counter is not deferred: a background stopped
 * right after its first answer (browsers do) would otherwise go uncounted.
 */
export async function boot(steps: BootSteps = defaultSteps, after: Promise<unknown> = Promise.resolve()): Promise<BootState> {
  const counted = openAndCount(steps.openDB);
  const compiled = after.catch(() => undefined).then(() => steps.initCryptoWasm());
  const [storage, crypto] = await Promise.allSettled([counted, compiled]);
  if (storage.status === "rejected") console.error("Background storage failed to open:", storage.reason);
  if (crypto.status === "rejected") console.error("Rust crypto WebAssembly failed to load:", crypto.reason);
  return {
    bootCount: storage.status === "fulfilled" ? storage.value.bootCount : 0,
    db: storage.status === "fulfilled" ? storage.value.db : null,
    storageReady: storage.status === "fulfilled",
    cryptoWasmReady: crypto.status === "fulfilled",
  };
}
