/**
 * The settings the popup shows: the isolation policy, the extra Element origins and the composer hold (kept in the
 * `meta` store) and the history retention (the store's own setting, in whole days here).
 */
import { ISOLATION_POLICIES, type IsolationPolicy, type Settings } from "../../protocol/messages.ts";
import type { AlertSettings } from "../../core/alerts.ts";
import { DEFAULT_ISOLATION_POLICY } from "../../core/verification/isolation.ts";
import { getMeta, setMeta, type AuditorDB } from "../../store/db.ts";
import { getHistoryRetention, setHistoryRetention } from "../../store/history.ts";
import { SETTINGS_KEY } from "../../store/audit/meta-keys.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

interface StoredSettings {
  isolationPolicy: IsolationPolicy;
  elementOrigins: string[];
  alerts: AlertSettings;
  holdSendingOnCritical: boolean;
}

function readAlerts(value: unknown): AlertSettings {
  const v = (typeof value === "object" && value !== null ? value : {}) as Partial<AlertSettings>;
  return {
    enabled: v.enabled === true,
    warnings: v.warnings === true,
    watchedOnly: v.watchedOnly === true,
    watchedRooms: Array.isArray(v.watchedRooms) ? v.watchedRooms.filter((r): r is string => typeof r === "string") : [],
  };
}

function readStored(value: unknown): StoredSettings {
  const v = (typeof value === "object" && value !== null ? value : {}) as Partial<StoredSettings>;
  return {
    isolationPolicy: ISOLATION_POLICIES.includes(v.isolationPolicy as IsolationPolicy) ? v.isolationPolicy! : DEFAULT_ISOLATION_POLICY,
    elementOrigins: Array.isArray(v.elementOrigins) ? v.elementOrigins.filter((o): o is string => typeof o === "string") : [],
    alerts: readAlerts(v.alerts),
    // Off unless the user turned it on: with it off, nothing of Element's sending is touched.
    holdSendingOnCritical: v.holdSendingOnCritical === true,
  };
}

export async function readSettings(db: AuditorDB): Promise<Settings> {
  const stored = readStored(await getMeta<unknown>(db, SETTINGS_KEY));
  const retention = await getHistoryRetention(db);
  return { ...stored, historyRetentionDays: Math.max(1, Math.round(retention.maxAgeMs / DAY_MS)) };
}

/** Stores the given settings only; answers all settings as they now are. */
export async function writeSettings(db: AuditorDB, change: Partial<Settings>): Promise<Settings> {
  const stored = readStored(await getMeta<unknown>(db, SETTINGS_KEY));
  const next: StoredSettings = {
    isolationPolicy: change.isolationPolicy ?? stored.isolationPolicy,
    // One entry per origin, in the order given.
    elementOrigins: change.elementOrigins ? [...new Set(change.elementOrigins.map((o) => new URL(o).origin))] : stored.elementOrigins,
    alerts: change.alerts ? readAlerts({ ...change.alerts, watchedRooms: [...new Set(change.alerts.watchedRooms)] }) : stored.alerts,
    holdSendingOnCritical: change.holdSendingOnCritical ?? stored.holdSendingOnCritical,
  };
  await setMeta(db, SETTINGS_KEY, next);
  if (change.historyRetentionDays !== undefined) {
    const retention = await getHistoryRetention(db);
    await setHistoryRetention(db, { maxAgeMs: change.historyRetentionDays * DAY_MS, maxEntries: retention.maxEntries });
  }
  return readSettings(db);
}
