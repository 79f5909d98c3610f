/**
 * The shapes of the records kept per account. All are plain JSON (numbers are epoch milliseconds),
 * so an export is the records themselves. `account` is the signed-in user's Matrix ID.
 *
 * Why one `findings` store and no separate "warned devices" store: a warned device is exactly a
 * finding about a device (unsigned device, new unverified device, …). Its identity — account, room,
 * user, device ID and ed25519 key — lives on the finding record and is indexed, so "acknowledge this
 * device" and "what was this device warned about" are index lookups, and the toolbar count, the
 * popup and the audit read one set of records instead of two that could disagree.
 */
import type { IdentityResolution } from "../core/verdicts.ts";
import type { FindingInput, IdentityChangeInput, TrustChangeInput } from "../core/records.ts";

/** What the audit knows before the records are consulted: defined once, in core. */
export type { FindingInput, IdentityChangeInput, TrustChangeInput };

export interface FindingRecord extends FindingInput {
  account: string;
  firstSeen: number;
  /** When the user was first shown this finding (popup or badge); null until then. */
  firstWarned: number | null;
  /** When the user acknowledged it; null while unacknowledged. */
  acknowledged: number | null;
  /** When the audit last found it no longer applies (device gone, user verified…); null while it applies. */
  gone: number | null;
  /**
   * Earlier occurrences of the same finding, oldest first: a finding that went away and came back
   * (a device key or master key that reappears, a look-alike name that returns) is a new occurrence,
   * unacknowledged, and the ones before are kept here. Absent when there were none.
   */
  earlier?: FindingOccurrence[];
}

/** One past occurrence of a finding: from when it was seen until it went away. */
export interface FindingOccurrence {
  firstSeen: number;
  firstWarned: number | null;
  acknowledged: number | null;
  /** When it went away (or was replaced, for a device or identity seen with another key). */
  gone: number;
}

/** The device a device finding is about; the room is part of it, as warnings are per room. */
export interface DeviceKey {
  roomId: string;
  userId: string;
  deviceId: string;
  ed25519: string;
}

export interface IdentityChangeRecord extends IdentityChangeInput {
  account: string;
  firstSeen: number;
  resolution: IdentityResolution | null;
  resolvedAt: number | null;
}

export interface HistoryEntry extends TrustChangeInput {
  /** Append order, increasing; the paging cursor. */
  seq: number;
  account: string;
  at: number;
}

/** How much history is kept per account; the oldest entries go first. */
export interface HistoryRetention {
  /** Entries older than this are deleted. */
  maxAgeMs: number;
  /** At most this many entries per account. */
  maxEntries: number;
}
