/**
 * The records as the audit uses them: answers kept in memory so an incremental update asks the
 * records only about sightings and findings it has not asked about before.
 */
import { sightingKey, type FindingInput, type FindingState, type Sighting, type TrustRecords } from "./records.ts";

export class RecordsCache {
  private readonly firstSeen = new Map<string, number>();
  private readonly states = new Map<string, FindingState>();

  constructor(
    private readonly records: TrustRecords,
    private readonly now: () => number,
  ) {}

  /** First-sighting times for all the given sightings, by `sightingKey`. */
  async sightings(sightings: readonly Sighting[]): Promise<ReadonlyMap<string, number>> {
    const unknown = sightings.filter((s) => !this.firstSeen.has(sightingKey(s)));
    if (unknown.length > 0) for (const [key, at] of await this.records.seen(unknown, this.now())) this.firstSeen.set(key, at);
    return this.firstSeen;
  }

  /** States for all the given findings, by id. */
  async findings(findings: readonly FindingInput[]): Promise<ReadonlyMap<string, FindingState>> {
    const unknown = findings.filter((f) => !this.states.has(f.id));
    if (unknown.length > 0) for (const [id, state] of await this.records.observe(unknown, this.now())) this.states.set(id, state);
    return this.states;
  }

  async resolved(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const id of ids) this.states.delete(id);
    await this.records.resolved(ids, this.now());
  }

  async acknowledge(ids: readonly string[]): Promise<void> {
    await this.records.acknowledge(ids, this.now());
    for (const id of ids) {
      const state = this.states.get(id);
      if (state) this.states.set(id, { ...state, acknowledged: true });
    }
  }
}
