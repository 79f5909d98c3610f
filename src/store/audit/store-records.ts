/**
 * The audit's records (core's `TrustRecords`) kept in the extension's database: findings through
 * src/store (first seen, acknowledged), first sightings in the `meta` store. One object per account.
 *
 * `resolved` marks the findings the audit saw go as gone at once, in the audit's own order, so a
 * finding that comes back in the next update is a new occurrence (unacknowledged) rather than the
 * old one continued. After every update the service also hands each rebuilt room's findings to the
 * store's `recordFindings` with the room as scope (see `reconcileRooms` in persist.ts), which catches
 * what went while the extension was not running.
 */
import { sightingKey, type FindingInput, type FindingState, type Sighting, type TrustRecords } from "../../core/records.ts";
import type { AuditorDB } from "../db.ts";
import { acknowledge, markGone, recordFindings } from "../findings.ts";
import { noteSightings } from "./sightings.ts";

export class StoreTrustRecords implements TrustRecords {
  /** `writeFailed`: told of every failed write before the failure goes on to the auditor (which keeps its previous report). */
  constructor(
    private readonly db: () => Promise<AuditorDB>,
    readonly account: string,
    private readonly writeFailed: (error: unknown) => void = () => undefined,
  ) {}

  async seen(sightings: readonly Sighting[], now: number): Promise<Map<string, number>> {
    return this.reported(async () => noteSightings(await this.db(), this.account, sightings.map(sightingKey), now));
  }

  async observe(findings: readonly FindingInput[], now: number): Promise<Map<string, FindingState>> {
    const records = await this.reported(async () => recordFindings(await this.db(), this.account, findings, { now }));
    return new Map(records.map((r) => [r.id, { firstSeen: r.firstSeen, acknowledged: r.acknowledged !== null }]));
  }

  async resolved(findingIds: readonly string[], now: number): Promise<void> {
    await this.reported(async () => markGone(await this.db(), this.account, findingIds, now));
  }

  async acknowledge(findingIds: readonly string[], now: number): Promise<void> {
    await this.reported(async () => acknowledge(await this.db(), this.account, { findingIds }, now));
  }

  private async reported<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      this.writeFailed(error);
      throw error;
    }
  }
}
