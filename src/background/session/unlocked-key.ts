/**
 * Where the unwrapped data key of a passphrase-locked session waits between background starts.
 * In a browser that is `storage.session`: memory only, kept while the browser runs (a stopped service
 * worker or event page finds it again, so it needs no passphrase) and gone when the browser closes
 * (so the next start is locked). Content scripts cannot read that area unless the extension allows it,
 * which it does not.
 */
import type { Storage } from "webextension-polyfill";
import { fromBase64, toBase64 } from "../../core/data-key.ts";

export interface UnlockedKeyStore {
  /** The key unwrapped for this device, if any. */
  get(deviceId: string): Promise<Uint8Array | undefined>;
  set(deviceId: string, key: Uint8Array): Promise<void>;
  clear(): Promise<void>;
}

const ITEM = "unlockedDataKey";

/** `browser.storage.session`. */
export function sessionAreaKeyStore(area: Storage.StorageArea): UnlockedKeyStore {
  return {
    async get(deviceId) {
      const stored = (await area.get(ITEM))[ITEM] as { deviceId?: unknown; key?: unknown } | undefined;
      if (!stored || stored.deviceId !== deviceId || typeof stored.key !== "string") return undefined;
      return fromBase64(stored.key);
    },
    async set(deviceId, key) {
      await area.set({ [ITEM]: { deviceId, key: toBase64(key) } });
    },
    async clear() {
      await area.remove(ITEM);
    },
  };
}

/** For Node tests: one object lives as long as "the browser"; a new one is a browser restart. */
export function memoryKeyStore(): UnlockedKeyStore {
  let held: { deviceId: string; key: Uint8Array } | undefined;
  return {
    async get(deviceId) {
      return held?.deviceId === deviceId ? held.key.slice() : undefined;
    },
    async set(deviceId, key) {
      held = { deviceId, key: key.slice() };
    },
    async clear() {
      held = undefined;
    },
  };
}
