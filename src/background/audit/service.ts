/**
 * The audit in the background: one `Auditor` over the session's one client, its records in the
 * extension's database, and the last report kept so the popup is answered at once.
 *
 * Life cycle: `follow()` is called whenever the session may have changed. Once the client's crypto
 * is open and its first sync is processed, the isolation policy is applied and a full audit runs,
 * then the auditor follows the client's events. Until then `report()` answers from the stored
 * snapshot. Every new report goes to `onReport` (popups, toolbar, badges) and is then written
 * (persist.ts). `accountWiped` (at sign-out) forgets the account's report and sightings.
 *
 * A failed record write (quota, a blocked or closed database) is not swallowed: it becomes the
 * `storageProblem` the popup shows, until a later write of the report and records succeeds. The
 * records already stored stay as they were (each write is one transaction) and can be exported,
 * which only reads.
 *
 * Settings, history and the records' export are their own modules (settings-service.ts,
 * history-reader.ts, records-export.ts); they ask this service who is signed in and for its client.
 *
 * No browser API here: the background passes in what it needs, so Node tests run this as it is.
 */
import { ClientEvent, SyncState, type MatrixClient } from "matrix-js-sdk";
import { Auditor, type AuditUpdate } from "../../core/auditor.ts";
import type { TrustReadPath } from "../../core/olm-machine-adapter.ts";
import type { AuditProgress, AuditReport } from "../../core/verdicts.ts";
import { applyIsolationPolicy } from "../../core/verification/isolation.ts";
import type { AuditDiagnostics, SessionStatus, StorageProblem } from "../../protocol/messages.ts";
import type { AuditorDB } from "../../store/db.ts";
import { toStorageError } from "../../store/errors.ts";
import { acknowledge, listFindings, markWarned } from "../../store/findings.ts";
import { aliasResolver, type AliasResolver } from "../room-aliases.ts";
import { persistUpdate } from "../../store/audit/persist.ts";
import { acknowledgedIn, acknowledgedRooms } from "./acknowledged-report.ts";
import { readSettings } from "./settings.ts";
import { deleteSightings } from "../../store/audit/sightings.ts";
import { deleteReportSnapshot, loadReportSnapshot, saveReportSnapshot } from "../../store/audit/snapshot.ts";
import { StoreTrustRecords } from "../../store/audit/store-records.ts";

/** What the service needs of the session owner (a SessionManager fits). */
export interface AuditSession {
  /** Answers from stored state at once after a start. */
  status(): Promise<SessionStatus>;
  /** The one client once its crypto is open; undefined otherwise. */
  client(): MatrixClient | undefined;
  /** Whether the session waits for its passphrase (no audit meanwhile). */
  isLocked?(): boolean;
}

export interface AuditServiceOptions {
  db: () => Promise<AuditorDB>;
  session: AuditSession;
  /** The report changed (null: no one signed in). `changedRooms`: rooms whose audit may differ. */
  onReport?: (report: AuditReport | null, changedRooms: readonly string[]) => void;
  onProgress?: (progress: AuditProgress) => void;
  /** Record writes started failing (or failed otherwise than before), or succeed again (null). */
  onStorageProblem?: (problem: StorageProblem | null) => void;
  /** How long the auditor gathers events before an incremental audit. */
  debounceMs?: number;
  now?: () => number;
}

interface Attached {
  client: MatrixClient;
  account: string;
  auditor: Auditor | null;
  resolveAlias: AliasResolver;
  /** Removes the listeners this service put on the client. */
  off: () => void;
}

export class AuditService {
  private attached: Attached | null = null;
  /** The report shown: the live one, or the stored snapshot until the first audit of this start. */
  private current: AuditReport | null = null;
  /** What the next update is compared with (for history and gone findings). */
  private baseline: AuditReport | null = null;
  private restored: Promise<void> | null = null;
  private firstAudit: Promise<AuditReport> | null = null;
  private writes: Promise<void> = Promise.resolve();
  /** Bumped when the account is wiped: writes queued before then are dropped. */
  private generation = 0;
  private problem: StorageProblem | null = null;
  private lastFullAuditMs: number | undefined;
  private readonly now: () => number;

  constructor(private readonly options: AuditServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Reads the stored snapshot of the stored session (once per start) and shows it. */
  restore(): Promise<void> {
    this.restored ??= (async () => {
      const status = await this.options.session.status();
      const db = await this.options.db();
      if (!status.signedIn || !status.userId || !status.deviceId) {
        // Left by a sign-out that stopped halfway: nothing of a signed-out account stays.
        await deleteReportSnapshot(db);
        await deleteSightings(db);
        return;
      }
      const snapshot = await loadReportSnapshot(db, status.userId, status.deviceId);
      // A live report that arrived meanwhile is newer than anything stored.
      if (!snapshot || this.current) return;
      this.current = snapshot;
      this.baseline = snapshot;
      this.options.onReport?.(snapshot, []);
    })().catch((error: unknown) => {
      this.restored = null; // asked again next time (storage may come back)
      throw error;
    });
    return this.restored;
  }

  /** How the last audit read trust (fast path or public API); null before the first audit of this start. */
  trustPath(): TrustReadPath | null {
    return this.attached?.auditor?.trustPath ?? null;
  }

  /** The status's audit diagnostics; undefined before the first audit of this start. */
  diagnostics(): AuditDiagnostics | undefined {
    const trustReading = this.trustPath();
    if (!trustReading) return undefined;
    return this.lastFullAuditMs === undefined ? { trustReading } : { trustReading, lastFullAuditMs: this.lastFullAuditMs };
  }

  /** Call whenever the session may have changed: starts the audit once the client is ready, stops it when gone. */
  follow(): void {
    const client = this.options.session.client();
    if (client === this.attached?.client) return;
    this.detach();
    if (!client) return;
    const account = client.getSafeUserId();
    let synced = false;
    const onSync = (state: SyncState): void => {
      if (synced || (state !== SyncState.Prepared && state !== SyncState.Syncing)) return;
      synced = true;
      void this.startAudit(attached).catch((error) => console.warn("[audit] could not start the audit", error));
    };
    const attached: Attached = {
      client,
      account,
      auditor: null,
      resolveAlias: aliasResolver(client),
      off: () => client.off(ClientEvent.Sync, onSync),
    };
    this.attached = attached;
    client.on(ClientEvent.Sync, onSync);
    if (client.isInitialSyncComplete()) onSync(SyncState.Syncing);
  }

  private async startAudit(attached: Attached): Promise<void> {
    await this.restore().catch((error) => console.warn("[audit] could not read the stored report", error));
    if (this.attached !== attached) return;
    const db = await this.options.db();
    const settings = await readSettings(db);
    if (this.attached !== attached) return;
    const crypto = attached.client.getCrypto();
    if (crypto) applyIsolationPolicy(crypto, settings.isolationPolicy);
    // A stored report of another account is no baseline for this one.
    if (this.baseline && this.baseline.account.userId !== attached.account) this.baseline = null;
    const auditor = new Auditor(attached.client, {
      records: new StoreTrustRecords(this.options.db, attached.account, (error) => this.writeFailed(error)),
      ...(this.options.debounceMs === undefined ? {} : { debounceMs: this.options.debounceMs }),
      now: this.now,
    });
    attached.auditor = auditor;
    auditor.on("update", (update) => {
      if (this.attached?.auditor === auditor) this.updated(update);
    });
    auditor.on("progress", (progress) => {
      if (this.attached?.auditor === auditor) this.options.onProgress?.(progress);
    });
    auditor.on("error", (error) => console.warn("[audit] an update failed; its rooms show out of date until a retry succeeds", error));
    // Listening first: what changes during the full audit is caught by the next update.
    auditor.start();
    this.firstAudit = auditor.fullAudit();
    await this.firstAudit;
  }

  private updated(update: AuditUpdate): void {
    const previous = this.baseline;
    const report = update.report;
    if (update.failed) {
      // Its rooms are shown out of date at once; nothing is written (a write is what failed, and a
      // write that succeeded here would claim storage works). The retry's update is compared with
      // the last good one.
      this.current = report;
      this.options.onReport?.(report, update.recomputedRooms);
      return;
    }
    if (update.full) this.lastFullAuditMs = Math.round(update.durationMs);
    this.current = report;
    this.baseline = report;
    const rooms = new Set(update.recomputedRooms);
    for (const room of previous?.rooms ?? []) if (!report.rooms.some((r) => r.roomId === room.roomId)) rooms.add(room.roomId);
    this.options.onReport?.(report, [...rooms, ...acknowledgedRooms(previous, report, rooms)]);
    this.write((db) =>
      persistUpdate(db, { previous, report, rebuiltRooms: [...rooms], full: update.full, now: this.now() }),
    );
  }

  /**
   * Queues a write; writes run one at a time, in order, and are dropped once the account is wiped.
   * Each stores the report snapshot at least, so one that succeeds means storage works again.
   */
  private write(job: (db: AuditorDB) => Promise<void>): void {
    const generation = this.generation;
    this.writes = this.writes
      .then(async () => {
        if (generation !== this.generation) return;
        await job(await this.options.db());
        this.setProblem(null);
      })
      .catch((error) => {
        console.warn("[audit] could not write the audit's records", error);
        this.writeFailed(error);
      });
  }

  /** A record write failed: the user is told, in the store's words, from when on. */
  private writeFailed(error: unknown): void {
    const { kind, userMessage } = toStorageError(error);
    if (this.problem?.kind === kind && this.problem.message === userMessage) return;
    this.setProblem({ kind, message: userMessage, since: this.problem?.since ?? this.now() });
  }

  private setProblem(problem: StorageProblem | null): void {
    if (problem === this.problem) return;
    // Storage works again: an update that failed on it need not wait for its back-off.
    if (problem === null) this.attached?.auditor?.retryNow();
    this.problem = problem;
    this.options.onStorageProblem?.(problem);
  }

  /** Why record writes fail now; null when the last write of the report and records succeeded (or none failed). */
  storageProblem(): StorageProblem | null {
    return this.problem;
  }

  private detach(): void {
    const attached = this.attached;
    this.attached = null;
    this.firstAudit = null;
    if (!attached) return;
    attached.off();
    attached.auditor?.stop();
  }

  /** The latest report: live, or stored until the first audit of this start; null when there is none. */
  async report(): Promise<AuditReport | null> {
    try {
      await this.restore();
    } catch (error) {
      // A live report needs no stored one; without either, the failure is the answer.
      if (!this.current) throw error;
    }
    return this.current;
  }

  /** The report shown now, without waiting (the badges ask on every render of a member list). */
  latestReport(): AuditReport | null {
    return this.current;
  }

  /** Starts a full audit; false when the session's client is not ready for one yet. */
  run(): { started: boolean } {
    const auditor = this.attached?.auditor;
    if (!auditor) return { started: false };
    void auditor.fullAudit().catch((error) => console.warn("[audit] full audit failed", error));
    return { started: true };
  }

  /** Acknowledges findings in the records and the report; answers how many were newly acknowledged. */
  async acknowledge(findingIds: readonly string[]): Promise<number> {
    const account = await this.signedInAccount();
    if (!account) return 0;
    const count = await this.reportingFailure(async () => acknowledge(await this.options.db(), account, { findingIds }, this.now()));
    const auditor = this.attached?.account === account ? this.attached.auditor : null;
    if (auditor?.report) {
      // The auditor's update carries the acknowledged report to everyone.
      await auditor.acknowledge(findingIds);
      return count;
    }
    // No live report yet: the stored one is what is shown, so it changes there.
    await this.restore().catch((error) => console.warn("[audit] could not read the stored report", error));
    const shown = this.current;
    if (shown && shown.account.userId === account) {
      const { report, rooms } = acknowledgedIn(shown, findingIds);
      if (rooms.length > 0) {
        this.current = report;
        this.options.onReport?.(report, rooms);
        this.write((db) => saveReportSnapshot(db, report, this.now()));
      }
    }
    return count;
  }

  /** Notes findings as shown to the user (popup or badge). */
  async markWarned(findingIds: readonly string[]): Promise<void> {
    const account = await this.signedInAccount();
    if (!account || findingIds.length === 0) return;
    await this.reportingFailure(async () => markWarned(await this.options.db(), account, findingIds, this.now()));
  }

  /** The ids of a room's open findings the user was already warned about (the composer banner's rule). */
  async warnedIn(roomId: string): Promise<ReadonlySet<string>> {
    const account = await this.signedInAccount();
    if (!account) return new Set();
    const pending = await listFindings(await this.options.db(), account, { roomId, pendingOnly: true });
    return new Set(pending.filter((record) => record.firstWarned !== null).map((record) => record.id));
  }

  /** Runs a write the user or the badges asked for; a failure is reported as well as answered. */
  private async reportingFailure<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      this.writeFailed(error);
      throw error;
    }
  }

  /** The room an alias names, through the session's client (the badges' resolver: own rooms first, then the server). Throws before the session has started. */
  async roomIdOfAlias(alias: string): Promise<string | null> {
    const attached = this.attached;
    if (!attached) throw new Error("Room aliases can be looked up once the session has started; try again in a moment.");
    return attached.resolveAlias(alias);
  }

  /** The client the audit follows; undefined until the session's client is ready. */
  client(): MatrixClient | undefined {
    return this.attached?.client;
  }

  /** At sign-out (after the store's wipeAccount): stops the audit and deletes the report and sightings. */
  async accountWiped(account: string): Promise<void> {
    if (this.attached?.account === account) this.detach();
    this.generation++;
    await this.writes;
    const db = await this.options.db();
    await deleteReportSnapshot(db);
    await deleteSightings(db, account);
    this.current = null;
    this.baseline = null;
    // Nothing of the account is left to save.
    this.setProblem(null);
    this.options.onReport?.(null, []);
  }

  /** Resolves once the first audit of the current client has finished and everything is written (tests, alarms). */
  async whenSettled(): Promise<void> {
    await this.firstAudit?.catch(() => undefined);
    await this.attached?.auditor?.whenIdle();
    await this.writes;
  }

  /** Stops following the client (a background about to unload, tests). */
  stop(): void {
    this.detach();
  }

  /** The signed-in account: the audited client's, else the stored session's; null when signed out. */
  async signedInAccount(): Promise<string | null> {
    if (this.attached) return this.attached.account;
    const status = await this.options.session.status();
    return status.signedIn && status.userId ? status.userId : null;
  }
}
