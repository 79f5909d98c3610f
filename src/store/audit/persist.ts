/**
 * What is written after each audit update, in order: the report snapshot, the finding records of
 * rebuilt rooms (so findings that no longer apply stop counting), the identity-change records and
 * the trust-change history.
 */
import type { AuditReport, TrustChangeKind } from "../../core/verdicts.ts";
import type { AuditorDB } from "../db.ts";
import { recordFindings } from "../findings.ts";
import { appendHistory, queryHistory } from "../history.ts";
import { recordIdentityChange } from "../identity-changes.ts";
import type { TrustChangeInput } from "../records.ts";
import { reportChanges } from "../../core/report-changes.ts";
import { saveReportSnapshot } from "./snapshot.ts";

export interface UpdateToPersist {
  /** The report before this update (the stored snapshot for the first audit after a start), or null. */
  previous: AuditReport | null;
  report: AuditReport;
  /** Rooms the update rebuilt; a full audit rebuilt all of them. */
  rebuiltRooms: readonly string[];
  full: boolean;
  now: number;
}

export async function persistUpdate(db: AuditorDB, update: UpdateToPersist): Promise<void> {
  const account = update.report.account.userId;
  await saveReportSnapshot(db, update.report, update.now);
  await reconcileRooms(db, account, update);
  const { history, identityChanges } = reportChanges(update.previous, update.report, update.now);
  for (const change of identityChanges) await recordIdentityChange(db, account, change, update.now);
  const fresh = await withoutLoggedByUser(db, account, history, update.now);
  if (fresh.length > 0) await appendHistory(db, account, fresh, update.now);
}

/**
 * Hands each rebuilt room's findings to the records with the room as scope, which marks the
 * room's findings that are no longer there as gone. Rooms whose findings only grew need nothing
 * (new findings were recorded while auditing); without a previous report every room is checked.
 */
async function reconcileRooms(db: AuditorDB, account: string, update: UpdateToPersist): Promise<void> {
  const before = new Map((update.previous?.rooms ?? []).map((r) => [r.roomId, r]));
  const after = new Map(update.report.rooms.map((r) => [r.roomId, r]));
  const candidates = new Set(update.full ? [...after.keys(), ...before.keys()] : update.rebuiltRooms);
  for (const roomId of candidates) {
    const now = after.get(roomId);
    const nowIds = new Set(now?.findings.map((f) => f.id) ?? []);
    const old = before.get(roomId);
    const lostSome = !update.previous || (old?.findings.some((f) => !nowIds.has(f.id)) ?? false);
    if (!lostSome) continue;
    await recordFindings(db, account, now?.findings ?? [], { now: update.now, scope: { roomId } });
  }
}

/** Kinds the verification flows log themselves when the user acts (with the user's own words). */
const LOGGED_BY_FLOWS: ReadonlySet<TrustChangeKind> = new Set(["device-signed", "device-verified", "user-verified", "identity-reset"]);
/** A flow's entry this recent is the same change the audit has just seen. */
const SAME_CHANGE_WINDOW_MS = 10 * 60 * 1000;

async function withoutLoggedByUser(db: AuditorDB, account: string, changes: TrustChangeInput[], now: number): Promise<TrustChangeInput[]> {
  if (!changes.some((c) => LOGGED_BY_FLOWS.has(c.kind))) return changes;
  const { entries } = await queryHistory(db, account, { limit: 100 });
  const recent = new Set(
    entries.filter((e) => e.at >= now - SAME_CHANGE_WINDOW_MS).map((e) => JSON.stringify([e.kind, e.userId, e.deviceId ?? null])),
  );
  return changes.filter((c) => !LOGGED_BY_FLOWS.has(c.kind) || !recent.has(JSON.stringify([c.kind, c.userId, c.deviceId ?? null])));
}
