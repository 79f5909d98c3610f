/**
 * The audit's records (core's `TrustRecords`) kept in the extension's database: findings through
 * src/store (first seen, acknowledged), first sightings in the `meta` store. One object per account.
 *
 * `resolved` writes nothing: after every update the service hands each rebuilt room's findings to
 * the store's `recordFindings` with the room as scope, which marks whatever is no longer there as
 * gone (see `reconcileRooms` in persist.ts). That needs the room's current findings, which only the
 * report has.
 */
import { sightingKey, type FindingInput, type FindingState, type Sighting, type TrustRecords } from "../../core/records.ts";
import type { AuditorDB } from "../db.ts";
import { acknowledge, recordFindings } from "../findings.ts";
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

  async resolved(_findingIds: readonly string[], _now: number): Promise<void> {
    // See the note above: gone findings are marked per room by the service.
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
