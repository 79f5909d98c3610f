/**
 * Per-account records of findings, including warned devices (see records.ts for why they are one
 * store): when each was first seen, first shown to the user, acknowledged, and whether it still
 * applies. The audit records what it found and reads back `firstSeen` / `acknowledged`; the popup
 * marks what it showed and what the user acknowledged; the toolbar counts what is pending.
 */
import type { Finding } from "../core/verdicts.ts";
import type { AuditorDB } from "./db.ts";
import { fromStored, toStored } from "./stored-finding.ts";
import type { DeviceKey, FindingInput, FindingRecord } from "./records.ts";
import { readConsistently, requestEach, writeAtomically } from "./transact.ts";
import { toStorageError } from "./errors.ts";
import { accountRange } from "./keys.ts";
import { requireText } from "./validate.ts";

export interface RecordFindingsOptions {
  now?: number;
  /**
   * What the audit has just recomputed in full: one room, or only some users in it. Findings
   * recorded earlier inside this scope but absent from the input are marked gone (and so no longer
   * counted). Without a scope nothing is marked gone.
   */
  scope?: { roomId: string; userIds?: readonly string[] };
}

/**
 * Upserts what the audit found, in one transaction, and returns the records in input order.
 * Idempotent while a finding keeps applying: `firstSeen`, `firstWarned` and `acknowledged` are kept.
 * A new occurrence starts a fresh record — new `firstSeen`, not warned, not acknowledged, the earlier
 * one kept in `earlier` — when the finding had gone away (an acknowledgement was about what was there
 * then, not about a key that comes back later), or when its ed25519 key differs from the recorded one
 * (another device under a reused device ID) or its master key does (another identity), whatever the
 * audit's ids contain.
 */
export async function recordFindings(
  db: AuditorDB,
  account: string,
  inputs: readonly FindingInput[],
  options: RecordFindingsOptions = {},
): Promise<FindingRecord[]> {
  const now = options.now ?? Date.now();
  requireText(account, "account");
  const byId = new Map<string, FindingInput>();
  for (const input of inputs) byId.set(input.id, checkedInput(input));
  if (options.scope) requireText(options.scope.roomId, "scope.roomId");

  return writeAtomically(db, ["findings"], async (tx) => {
    const store = tx.objectStore("findings");
    const ids = [...byId.keys()];
    const scope = options.scope;
    const inScope = scope ? await store.index("byRoom").getAll([account, scope.roomId]) : [];
    const existing = await requestEach(ids, (id) => store.get([account, id]));

    const records = new Map<string, FindingRecord>();
    const toWrite: FindingRecord[] = [];
    ids.forEach((id, i) => {
      const stored = existing[i];
      const before = stored && fromStored(stored);
      const after = merge(account, byId.get(id)!, before, now);
      records.set(id, after);
      if (!before || !sameRecord(before, after)) toWrite.push(after);
    });
    const users = scope?.userIds && new Set(scope.userIds);
    for (const stored of inScope) {
      if (byId.has(stored.id) || stored.gone !== null) continue;
      // Seen again after the audit this scope comes from (a later update got there first): it applies.
      if (stored.firstSeen > now) continue;
      if (users && !users.has(stored.userId)) continue;
      toWrite.push({ ...fromStored(stored), gone: now });
    }

    await requestEach(toWrite, (record) => store.put(toStored(record)));
    return inputs.map((input) => records.get(input.id)!);
  });
}

/** Notes that findings were shown to the user (popup or badge); only the first time counts. Returns how many changed. */
export async function markWarned(
  db: AuditorDB,
  account: string,
  findingIds: readonly string[],
  now = Date.now(),
): Promise<number> {
  return updateEach(db, account, findingIds, (record) =>
    record.firstWarned === null ? { ...record, firstWarned: now } : undefined,
  );
}

/**
 * Marks these findings as no longer applying (the audit saw them go), in one transaction; returns
 * how many changed. Unknown ids and findings already gone are left alone.
 */
export async function markGone(db: AuditorDB, account: string, findingIds: readonly string[], now = Date.now()): Promise<number> {
  return updateEach(db, account, findingIds, (record) => (record.gone === null ? { ...record, gone: now } : undefined));
}

export type AcknowledgeTarget =
  | { findingIds: readonly string[] }
  /** Every finding about this device (room, user, device ID and key). */
  | { device: DeviceKey }
  /** Every unacknowledged finding in this room. */
  | { roomId: string }
  /** Every unacknowledged finding of the account. */
  | { all: true };

/** Acknowledges findings in one transaction; returns how many were newly acknowledged. */
export async function acknowledge(
  db: AuditorDB,
  account: string,
  target: AcknowledgeTarget,
  now = Date.now(),
): Promise<number> {
  const acknowledgeOne = (record: FindingRecord) =>
    record.acknowledged === null ? { ...record, acknowledged: now } : undefined;
  if ("findingIds" in target) return updateEach(db, account, target.findingIds, acknowledgeOne);

  return writeAtomically(db, ["findings"], async (tx) => {
    const store = tx.objectStore("findings");
    const matching =
      "device" in target
        ? await store.index("byDevice").getAll(deviceIndexKey(account, target.device))
        : "roomId" in target
          ? await store.index("pendingByRoom").getAll([account, target.roomId])
          : await store.index("pending").getAll(account);
    const changed = matching.map(fromStored).flatMap((record) => acknowledgeOne(record) ?? []);
    await requestEach(changed, (record) => store.put(toStored(record)));
    return changed.length;
  });
}

/** Findings that still apply and are not acknowledged: the toolbar count. Optionally for one room. */
export async function countUnacknowledged(db: AuditorDB, account: string, roomId?: string): Promise<number> {
  try {
    return roomId === undefined
      ? await db.countFromIndex("findings", "pending", account)
      : await db.countFromIndex("findings", "pendingByRoom", [account, roomId]);
  } catch (error) {
    throw toStorageError(error);
  }
}

export interface ListFindingsOptions {
  roomId?: string;
  /** Only findings that still apply and are unacknowledged. */
  pendingOnly?: boolean;
}

/** The account's finding records, optionally of one room, in key order (by finding id). */
export async function listFindings(
  db: AuditorDB,
  account: string,
  options: ListFindingsOptions = {},
): Promise<FindingRecord[]> {
  return readConsistently(db, ["findings"], async (tx) => {
    const store = tx.objectStore("findings");
    const { roomId, pendingOnly } = options;
    const stored =
      roomId !== undefined
        ? pendingOnly
          ? await store.index("pendingByRoom").getAll([account, roomId])
          : await store.index("byRoom").getAll([account, roomId])
        : pendingOnly
          ? await store.index("pending").getAll(account)
          : await store.getAll(accountRange(account));
    return stored.map(fromStored);
  });
}

/** What this device (in this room, with this key) was warned about. */
export async function findingsOfDevice(db: AuditorDB, account: string, device: DeviceKey): Promise<FindingRecord[]> {
  try {
    return (await db.getAllFromIndex("findings", "byDevice", deviceIndexKey(account, device))).map(fromStored);
  } catch (error) {
    throw toStorageError(error);
  }
}

/** The audit's view of a record: `Finding` with `firstSeen` and `acknowledged` from the records. */
export function toFinding(record: FindingRecord): Finding {
  const finding: Finding = {
    id: record.id,
    kind: record.kind,
    severity: record.severity,
    roomId: record.roomId,
    userId: record.userId,
    firstSeen: record.firstSeen,
    acknowledged: record.acknowledged !== null,
  };
  if (record.deviceId !== undefined) finding.deviceId = record.deviceId;
  if (record.ed25519 !== undefined) finding.ed25519 = record.ed25519;
  if (record.masterKey !== undefined) finding.masterKey = record.masterKey;
  return finding;
}

async function updateEach(
  db: AuditorDB,
  account: string,
  findingIds: readonly string[],
  change: (record: FindingRecord) => FindingRecord | undefined,
): Promise<number> {
  const ids = [...new Set(findingIds)];
  return writeAtomically(db, ["findings"], async (tx) => {
    const store = tx.objectStore("findings");
    const found = await requestEach(ids, (id) => store.get([account, id]));
    const changed = found.flatMap((stored) => (stored && change(fromStored(stored))) || []);
    await requestEach(changed, (record) => store.put(toStored(record)));
    return changed.length;
  });
}

/** How many earlier occurrences a record keeps. */
const EARLIER_LIMIT = 20;

function merge(account: string, input: FindingInput, before: FindingRecord | undefined, now: number): FindingRecord {
  const fresh = !before || before.gone !== null || before.ed25519 !== input.ed25519 || before.masterKey !== input.masterKey;
  const record: FindingRecord = {
    account,
    id: input.id,
    kind: input.kind,
    severity: input.severity,
    roomId: input.roomId,
    userId: input.userId,
    firstSeen: fresh ? now : before.firstSeen,
    firstWarned: fresh ? null : before.firstWarned,
    acknowledged: fresh ? null : before.acknowledged,
    gone: null,
  };
  if (input.deviceId !== undefined) record.deviceId = input.deviceId;
  if (input.ed25519 !== undefined) record.ed25519 = input.ed25519;
  if (input.masterKey !== undefined) record.masterKey = input.masterKey;
  const earlier = before?.earlier ?? [];
  if (fresh && before) {
    const ended = { firstSeen: before.firstSeen, firstWarned: before.firstWarned, acknowledged: before.acknowledged, gone: before.gone ?? now };
    record.earlier = [...earlier, ended].slice(-EARLIER_LIMIT);
  } else if (earlier.length > 0) record.earlier = earlier;
  return record;
}

const FIELDS: readonly (keyof FindingRecord)[] = [
  "account", "id", "kind", "severity", "roomId", "userId", "deviceId", "ed25519",
  "masterKey", "firstSeen", "firstWarned", "acknowledged", "gone",
];

function sameRecord(a: FindingRecord, b: FindingRecord): boolean {
  return FIELDS.every((field) => a[field] === b[field]) && (a.earlier?.length ?? 0) === (b.earlier?.length ?? 0);
}

function deviceIndexKey(account: string, device: DeviceKey): [string, string, string, string, string] {
  return [account, device.roomId, device.userId, device.deviceId, device.ed25519];
}

/** Only the input fields, so a whole `Finding` (with its own firstSeen/acknowledged) can be passed. */
function checkedInput(input: FindingInput): FindingInput {
  requireText(input.id, "finding id");
  requireText(input.roomId, "finding roomId");
  requireText(input.userId, "finding userId");
  const picked: FindingInput = {
    id: input.id,
    kind: input.kind,
    severity: input.severity,
    roomId: input.roomId,
    userId: input.userId,
  };
  if (input.deviceId !== undefined) picked.deviceId = requireText(input.deviceId, "finding deviceId");
  if (input.ed25519 !== undefined) picked.ed25519 = requireText(input.ed25519, "finding ed25519");
  if (input.masterKey !== undefined) picked.masterKey = requireText(input.masterKey, "finding masterKey");
  return picked;
}
