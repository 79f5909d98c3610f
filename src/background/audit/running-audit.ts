/**
 * The background's one audit service, joined to the browser: new reports go to open popups, the
 * toolbar icon and the tabs showing badges; the settings' Element origins go to the registered
 * content scripts. main.ts starts it once; the handlers reach it through `currentAudit()`.
 */
import browser from "webextension-polyfill";
import { DB_NAME, openAuditorDB, type AuditorDB } from "../../store/db.ts";
import { toStorageError } from "../../store/errors.ts";
import { wireBadges, type WiredBadges } from "../badges/wire.ts";
import { makeComposerHandlers } from "../composer/handler.ts";
import { isEnabledPage, removeElementOrigin, syncElementOrigins } from "../origins.ts";
import type { PopupPorts } from "../popup-port.ts";
import { LOCKED_TOOLBAR_BADGE, showToolbarBadge, toolbarBadgeFor } from "../toolbar-badge.ts";
import type { AuditReport } from "../../core/verdicts.ts";
import { HistoryReader } from "./history-reader.ts";
import { RecordsExporter } from "./records-export.ts";
import { AuditService, type AuditSession } from "./service.ts";
import { SettingsService } from "./settings-service.ts";
import { ProblemAlerts } from "./alerts.ts";
import { readSettings } from "./settings.ts";
import { overviewFor } from "./overview-cache.ts";
import { problemOfAlert, problemHash as formatProblemHash } from "../../core/alerts.ts";

export interface RunningAudit {
  service: AuditService;
  settings: SettingsService;
  history: HistoryReader;
  records: RecordsExporter;
  badges: WiredBadges;
  /** Call when the session may have been locked or unlocked: the toolbar and open pages follow. */
  followLock(): void;
  /** The composer banner's handlers, over the same account as the badges. */
  composer: ReturnType<typeof makeComposerHandlers>;
}

let running: RunningAudit | undefined;

export function startAudit(session: AuditSession, popups: PopupPorts): RunningAudit {
  if (running) return running;
  // Its own connection, not boot's: boot's waits for the crypto WebAssembly to compile, and the
  // stored report should be answered without waiting for that.
  let connection: Promise<AuditorDB> | undefined;
  const db = (): Promise<AuditorDB> =>
    (connection ??= openAuditorDB(DB_NAME, { onClosed: () => (connection = undefined) }).catch((error: unknown) => {
      connection = undefined;
      // Kept a StorageError (blocked, version, quota…): the popup tells the user which, in the store's words.
      throw toStorageError(error);
    }));
  let badges: WiredBadges | undefined;
  const showToolbar = (report: AuditReport | null): void =>
    void showToolbarBadge(browser.action, session.isLocked?.() ? LOCKED_TOOLBAR_BADGE : toolbarBadgeFor(report)).catch((error) =>
      console.warn("[audit] could not update the toolbar icon", error),
    );
  const alerts = new ProblemAlerts({
    db,
    settings: async () => (await readSettings(await db())).alerts,
    notifications: browser.notifications,
    iconUrl: browser.runtime.getURL("icons/icon-128.png"),
  });
  // Registered at every start, so a click that wakes the background is heard.
  browser.notifications.onClicked.addListener((notificationId) => {
    const problemId = problemOfAlert(notificationId);
    if (problemId === null) return;
    void browser.notifications.clear(notificationId).catch(() => false);
    void browser.windows
      .create({ url: browser.runtime.getURL(`popup.html${formatProblemHash(problemId)}`), type: "popup", width: 400, height: 600 })
      .catch((error: unknown) => console.warn("[alerts] could not open the popup", error));
  });
  const service = new AuditService({
    db,
    session,
    onReport(report, changedRooms) {
      if (popups.open > 0) popups.post({ type: "audit.overview", overview: report ? overviewFor(report) : null });
      showToolbar(report);
      badges?.roomsChanged(changedRooms);
      void alerts.follow(report);
    },
    onProgress(progress) {
      popups.post({ type: "audit.progress", progress });
    },
    onStorageProblem(problem) {
      popups.post({ type: "audit.storage", problem });
    },
  });
  badges = wireBadges({
    client: () => session.client(),
    isLocked: () => session.isLocked?.() ?? false,
    report: () => service.latestReport(),
    markWarned: (ids) => service.markWarned(ids),
    signedIn: async () => (await session.status()).signedIn,
    status: () => session.status(),
  });
  let wasLocked: boolean | undefined;
  const followLock = (): void => {
    const locked = session.isLocked?.() ?? false;
    if (locked === wasLocked) return;
    wasLocked = locked;
    showToolbar(service.latestReport());
    badges?.allChanged();
  };
  const settings = new SettingsService({
    db,
    audit: service,
    onSettingsChanged() {
      // A new scope starts from what is there now (nothing already there alerts).
      void alerts.follow(service.latestReport());
    },
    async applyElementOrigins(next, previous) {
      await syncElementOrigins(next);
      const status = await session.status();
      // The homeserver may share an origin with Element: its permission is the session's, not ours to give back.
      const homeserver = status.homeserverUrl ? new URL(status.homeserverUrl).origin : null;
      for (const origin of previous)
        if (!next.includes(origin)) await removeElementOrigin(origin, { releasePermission: new URL(origin).origin !== homeserver });
    },
  });
  const wired = badges;
  const composer = makeComposerHandlers({
    isEnabledPage,
    async account() {
      // Locked: nothing is shown at the composer either (the badges say "locked").
      if (session.isLocked?.()) return null;
      const account = await wired.account();
      if (!account) return null;
      return {
        joinedRoomId: (ref) => account.joinedRoomId(ref),
        roomAudit: (roomId) => account.roomAudit(roomId),
        warnedIn: (roomId) => service.warnedIn(roomId),
        markWarned: (ids) => service.markWarned(ids),
        acknowledge: (ids) => service.acknowledge(ids),
        holdSendingOnCritical: async () => (await settings.get()).holdSendingOnCritical,
      };
    },
    onAsked: wired.asked,
    roomsChanged: (roomIds) => wired.roomsChanged(roomIds),
  });
  running = { service, settings, history: new HistoryReader(db, service), records: new RecordsExporter(db, service), badges, followLock, composer };
  void service.restore().catch((error) => console.warn("[audit] could not read the stored report", error));
  service.follow();
  return running;
}

/** The audit of this background start (started by main.ts before any message is handled). */
export function currentAudit(): RunningAudit {
  if (!running) throw new Error("The audit has not been started in this background.");
  return running;
}
