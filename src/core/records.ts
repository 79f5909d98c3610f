/**
 * What the audit asks of the records (implemented over IndexedDB in src/store/, in memory here).
 * The audit tells the records what it sees; the records answer since when, and what the user has
 * acknowledged. One records object serves one account.
 */
import type { Finding, TrustChangeKind } from "./verdicts.ts";

/** A finding as the audit computes it, before the records are consulted. */
export type FindingInput = Omit<Finding, "firstSeen" | "acknowledged">;

/** An identity change the user has to deal with (the store keeps how they did). */
export interface IdentityChangeInput {
  userId: string;
  /** The master key pinned or verified before, when the session still knows it. */
  previousMasterKey: string | null;
  newMasterKey: string;
}

/** One entry of the trust-change history, before the store gives it its place in the log. */
export interface TrustChangeInput {
  kind: TrustChangeKind;
  /** When it happened; defaults to the time it is appended. */
  at?: number;
  roomId?: string;
  userId: string;
  deviceId?: string;
  /** Plain words about the change. May quote other users' strings: render as text only. */
  detail: string;
}

export interface FindingState {
  firstSeen: number;
  acknowledged: boolean;
}

/**
 * A member (deviceId null) or one of their devices, as present in a room. The audit uses the first
 * sightings to tell a device added later from one the member had when first seen.
 */
export interface Sighting {
  roomId: string;
  userId: string;
  deviceId: string | null;
  /** A device ID with another key is another device. Null for members and key-less devices. */
  ed25519: string | null;
  /** For a member's shown name (deviceId null): the name, so a new name is a new sighting (look-alikes). */
  name?: string;
}

export interface TrustRecords {
  /** Notes these sightings (the first sighting of each is kept); answers when each was first seen, by `sightingKey`. */
  seen(sightings: readonly Sighting[], now: number): Promise<Map<string, number>>;
  /**
   * Notes these findings as present; answers each one's state, by id. New ones start now,
   * unacknowledged — and so does one that had been resolved: it is a new occurrence.
   */
  observe(findings: readonly FindingInput[], now: number): Promise<Map<string, FindingState>>;
  /** These findings no longer apply (device removed, user verified, member left…). */
  resolved(findingIds: readonly string[], now: number): Promise<void>;
  /** The user has seen and accepted these findings. */
  acknowledge(findingIds: readonly string[], now: number): Promise<void>;
}

/** The key that identifies a sighting in the records (room, user, device, device key). Never throws. */
export function sightingKey(s: Sighting): string {
  return s.name === undefined
    ? JSON.stringify([s.roomId, s.userId, s.deviceId, s.ed25519])
    : JSON.stringify([s.roomId, s.userId, null, null, s.name]);
}

/** Records kept in memory: for the command line (one run) and for tests. */
export class MemoryTrustRecords implements TrustRecords {
  private readonly sightings = new Map<string, number>();
  private readonly findings = new Map<string, FindingState & { input: FindingInput; resolvedAt: number | null }>();

  async seen(sightings: readonly Sighting[], now: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const s of sightings) {
      const key = sightingKey(s);
      let first = this.sightings.get(key);
      if (first === undefined) this.sightings.set(key, (first = now));
      out.set(key, first);
    }
    return out;
  }

  async observe(findings: readonly FindingInput[], now: number): Promise<Map<string, FindingState>> {
    const out = new Map<string, FindingState>();
    for (const input of findings) {
      let record = this.findings.get(input.id);
      if (!record || record.resolvedAt !== null) this.findings.set(input.id, (record = { input, firstSeen: now, acknowledged: false, resolvedAt: null }));
      out.set(input.id, { firstSeen: record.firstSeen, acknowledged: record.acknowledged });
    }
    return out;
  }

  async resolved(findingIds: readonly string[], now: number): Promise<void> {
    for (const id of findingIds) {
      const record = this.findings.get(id);
      if (record) record.resolvedAt = now;
    }
  }

  async acknowledge(findingIds: readonly string[], _now: number): Promise<void> {
    for (const id of findingIds) {
      const record = this.findings.get(id);
      if (record) record.acknowledged = true;
    }
  }
}
