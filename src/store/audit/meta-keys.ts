/**
 * Where the audit keeps its own small state in the database's `meta` store: the last report
 * (so a woken background answers at once) and the first sightings of members and devices (so
 * "new device" survives restarts). Sighting keys start with the account, so one account's
 * sightings are one key range.
 */
export const SNAPSHOT_KEY = "audit.snapshot";
export const SETTINGS_KEY = "audit.settings";
/** The problems already alerted about, per account (src/background/audit/alerts.ts). */
export const ALERTED_KEY = "audit.alerted";

const SIGHTING_PREFIX = "audit.sighting\u0001";

export function sightingMetaKey(account: string, sightingKey: string): string {
  return `${SIGHTING_PREFIX}${account}\u0001${sightingKey}`;
}

/** Every sighting key of `account` (Matrix user IDs never contain U+0001). */
export function accountSightingsRange(account: string): IDBKeyRange {
  const prefix = `${SIGHTING_PREFIX}${account}\u0001`;
  return IDBKeyRange.bound(prefix, `${prefix}\uffff\uffff`);
}

/** Every sighting key of every account. */
export function allSightingsRange(): IDBKeyRange {
  return IDBKeyRange.bound(SIGHTING_PREFIX, `${SIGHTING_PREFIX}\uffff\uffff`);
}

const IDENTITY_PREFIX = "audit.identity\u0001";

/** A person's remembered identity (core/identity-memory.ts), kept for sessions whose crypto forgets. */
export function identityMetaKey(account: string, userId: string): string {
  return `${IDENTITY_PREFIX}${account}\u0001${userId}`;
}
