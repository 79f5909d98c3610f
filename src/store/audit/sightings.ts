/**
 * First sightings of members and devices per room, kept per account in the `meta` store (see
 * meta-keys.ts). Only the first sighting is ever written; later ones read it back.
 */
import type { AuditorDB } from "../db.ts";
import { toStorageError } from "../errors.ts";
import { accountSightingsRange, allSightingsRange, sightingMetaKey } from "./meta-keys.ts";

/** Notes `keys` as seen at `now` unless seen before; answers each key's first sighting. One transaction. */
export async function noteSightings(db: AuditorDB, account: string, keys: readonly string[], now: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  try {
    const tx = db.transaction("meta", "readwrite");
    const found = await Promise.all(keys.map((key) => tx.store.get(sightingMetaKey(account, key))));
    const writes: Promise<unknown>[] = [];
    keys.forEach((key, i) => {
      const first = found[i];
      if (typeof first === "number" && Number.isFinite(first)) out.set(key, first);
      else {
        out.set(key, now);
        writes.push(tx.store.put(now, sightingMetaKey(account, key)));
      }
    });
    await Promise.all([...writes, tx.done]);
    return out;
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Deletes the sightings of one account, or with no account those of every account. */
export async function deleteSightings(db: AuditorDB, account?: string): Promise<void> {
  try {
    await db.delete("meta", account === undefined ? allSightingsRange() : accountSightingsRange(account));
  } catch (error) {
    throw toStorageError(error);
  }
}

/**
 * Deletes the sightings of one device of `userId` (in every room): the command line's temporary
 * device, gone after its run, would otherwise add entries at every run. Answers how many went.
 */
export async function deleteDeviceSightings(db: AuditorDB, account: string, userId: string, deviceId: string): Promise<number> {
  try {
    const tx = db.transaction("meta", "readwrite");
    const prefix = sightingMetaKey(account, "");
    let deleted = 0;
    for (let cursor = await tx.store.openCursor(accountSightingsRange(account)); cursor; cursor = await cursor.continue()) {
      const [, user, device] = JSON.parse(String(cursor.key).slice(prefix.length)) as [string, string, string | null, string | null];
      if (user === userId && device === deviceId) {
        await cursor.delete();
        deleted++;
      }
    }
    await tx.done;
    return deleted;
  } catch (error) {
    throw toStorageError(error);
  }
}
