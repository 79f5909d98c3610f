/**
 * What the banner at Element's message composer tells before the user sends: the devices in the room
 * that can read what is sent and that the user was not yet warned about, most severe first, and how
 * many people's digital identities changed.
 *
 * The rule (matrix-js-sdk's "warning on unverified devices" design, per device and room):
 * - a device finding shows until the user was warned about it in this room (`firstWarned`), once;
 * - a verified person's unsigned device (critical) shows until it is resolved or acknowledged,
 *   whoever else already showed it: it is the case where sending leaks to someone the user trusts.
 * The banner's "I've seen this" marks exactly the rows shown: warned, and critical ones acknowledged.
 */
import { FINDING_SEVERITY, SEVERITY_RANK, type Finding, type FindingKind, type RoomAudit, type Severity } from "./verdicts.ts";

/** The finding kinds about one device that can read the room: what the composer banner lists. */
export const COMPOSER_DEVICE_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>([
  "unsigned-device-of-verified-user",
  "unsigned-device",
  "new-unverified-device",
  "own-unverified-device",
]);

/** The identity findings: Element shows its own banner for these, one person at a time. */
const IDENTITY_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>(["verification-violation", "identity-changed"]);

/** One device row of the banner. Names are chosen by other people: render as text only. */
export interface ComposerDevice {
  userId: string;
  /** The member's display name in this room, or null. */
  displayName: string | null;
  deviceId: string;
  /** The device's own name, or null. */
  deviceName: string | null;
  /** The most severe finding's kind and severity. */
  kind: FindingKind;
  severity: Severity;
  /** Every kind among its findings, most severe first (the row's words say "new" when one is). */
  kinds: FindingKind[];
  /** The findings this row stands for; "I've seen this" sends them back. */
  findingIds: string[];
}

export interface ComposerWarningFacts {
  devices: ComposerDevice[];
  /** People in this room whose digital identity changed, not yet acknowledged. */
  identityChanges: number;
}

/** Whether a finding was already shown to the user as a warning (its record's `firstWarned`). */
export type WasWarned = (findingId: string) => boolean;

/** A row needs the banner: critical until acknowledged, anything else until warned once. */
function needsWarning(finding: Finding, wasWarned: WasWarned): boolean {
  if (finding.acknowledged || !finding.deviceId || !COMPOSER_DEVICE_KINDS.has(finding.kind)) return false;
  return finding.severity === "critical" || !wasWarned(finding.id);
}

/** The banner's facts for one audited room; empty for an unencrypted room (it has no findings). */
export function composerWarning(audit: RoomAudit, wasWarned: WasWarned): ComposerWarningFacts {
  const rows = new Map<string, ComposerDevice>();
  const changedPeople = new Set<string>();
  for (const finding of audit.findings) {
    if (IDENTITY_KINDS.has(finding.kind) && !finding.acknowledged) changedPeople.add(finding.userId);
    if (!needsWarning(finding, wasWarned)) continue;
    const key = JSON.stringify([finding.userId, finding.deviceId]);
    const row = rows.get(key);
    if (row) {
      row.findingIds.push(finding.id);
      if (!row.kinds.includes(finding.kind)) row.kinds.push(finding.kind);
      if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[row.severity]) {
        row.severity = finding.severity;
        row.kind = finding.kind;
      }
      continue;
    }
    const member = audit.members.find((m) => m.userId === finding.userId);
    const device = member?.devices.find((d) => d.deviceId === finding.deviceId);
    rows.set(key, {
      userId: finding.userId,
      displayName: member?.displayName ?? null,
      deviceId: finding.deviceId!,
      deviceName: device?.displayName ?? null,
      kind: finding.kind,
      severity: finding.severity,
      kinds: [finding.kind],
      findingIds: [finding.id],
    });
  }
  for (const row of rows.values()) row.kinds.sort((a, b) => SEVERITY_RANK[FINDING_SEVERITY[b]] - SEVERITY_RANK[FINDING_SEVERITY[a]]);
  const devices = [...rows.values()].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.userId.localeCompare(b.userId) ||
      a.deviceId.localeCompare(b.deviceId),
  );
  return { devices, identityChanges: changedPeople.size };
}

/**
 * What "I've seen this" does with the ids a banner sent back: only ids the banner shows now count
 * (a stale or foreign id changes nothing). Critical rows are acknowledged; every row is warned.
 */
export function seenAtComposer(
  facts: ComposerWarningFacts,
  findingIds: readonly string[],
): { warn: string[]; acknowledge: string[] } {
  const asked = new Set(findingIds);
  const warn: string[] = [];
  const acknowledge: string[] = [];
  for (const row of facts.devices) {
    const ids = row.findingIds.filter((id) => asked.has(id));
    warn.push(...ids);
    if (row.severity === "critical") acknowledge.push(...ids);
  }
  return { warn, acknowledge };
}
