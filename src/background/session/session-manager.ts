/**
 * The owner of the extension's one Matrix session and its one MatrixClient.
 *
 * Storage first: a woken background reads the stored session (milliseconds) and can answer the
 * popup at once, while the sync store, the Rust crypto and the sync loop come back behind it.
 * Sign-in, sign-out and restore run one at a time, so two clients never open one crypto store.
 */
import { ClientEvent, HttpApiEvent, SyncState, type MatrixClient, type MatrixError } from "matrix-js-sdk";
import type { CryptoCallbacks } from "matrix-js-sdk/lib/crypto-api/index.js";
import type { SessionStatus, SignInRequest } from "../../protocol/messages.ts";
import type { AuditorDB } from "../../store/db.ts";
import {
  type KeyedSession,
  type SessionSnapshot,
  type StoredSession,
  deleteSession,
  loadSession,
  loadSnapshot,
  saveSession,
  saveSnapshot,
} from "../../store/session.ts";
import { type OpenedClient, SYNC_POLL_TIMEOUT_MS, initCrypto, openSessionClient, startSync } from "./client.ts";
import { SessionError } from "../../core/homeserver/errors.ts";
import type { HttpOptions } from "../../core/homeserver/http.ts";
import { type Credentials, loginWithAccessToken, loginWithPassword, logoutOnServer } from "../../core/homeserver/login.ts";
import { type ResolvedHomeserver, resolveHomeserver, serverNameOfUserId } from "../../core/homeserver/resolve.ts";
import {
  databasesOf,
  deleteDatabase,
  storeNamesFor,
  sweepOrphanDatabases,
  yieldSessionStoresOnDelete,
} from "./stores.ts";
import { SyncTracker } from "./sync-tracker.ts";
import type { SyncMode } from "./sync-filter.ts";
import { type OpenSession, WRONG_PASSPHRASE, checkPassphrase, newKeyedSession, openStored, openWithKey, unwrapWith, withPassphrase } from "./session-keys.ts";
import { memoryKeyStore, type UnlockedKeyStore } from "./unlocked-key.ts";

export interface SessionEnvironment {
  /** The extension's own database (opened once by the background). */
  db: () => Promise<AuditorDB>;
  /** Where the sync and crypto stores live (the browser's indexedDB, or fake-indexeddb in Node). */
  indexedDB: IDBFactory;
  http: HttpOptions;
  /** "Matrix Trust Auditor (Chrome)" or "(Firefox)". */
  deviceName: string;
  /** The client's crypto callbacks: the verification flows' secret storage key broker. */
  cryptoCallbacks?: CryptoCallbacks;
  pollTimeoutMs?: number;
  /**
   * Test builds only (running-session.ts): the sync mode the account bench chose; absent, or no
   * answer, is the lean sync the extension always uses.
   */
  syncMode?: () => Promise<SyncMode | undefined>;
  /** Deletes the audit records of an account (the store's wipeAccount). */
  wipeAccountRecords?: (userId: string) => Promise<unknown>;
  /** Where an unwrapped data key waits between background starts (storage.session; memory in Node). */
  unlockedKeys?: UnlockedKeyStore;
  /** Told whenever the status a popup would show may have changed. */
  onStatusChange?: () => void;
  now?: () => number;
}

/** Milliseconds since the background started (the worker's time origin in a browser). */
const sinceStart = (): number => Math.round(performance.now());

export interface WakeTimings {
  /** When the stored session had been read. */
  storedStateMs?: number;
  /** When the first status answer was ready. */
  firstAnswerMs?: number;
  /** When the Rust crypto store had been opened. */
  cryptoReadyMs?: number;
}

const REMOTE_LOGOUT_NOTICE =
  "This device was signed out on the homeserver (perhaps removed from another app). Its local data was deleted; sign in again to keep auditing.";

function asSessionError(error: unknown, doing: string): SessionError {
  if (error instanceof SessionError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === "StorageError")
    return new SessionError("storage", `The extension's storage failed while ${doing}: ${message}`);
  return new SessionError("internal", `Unexpected problem while ${doing}: ${message}`);
}

export class SessionManager {
  private session: StoredSession | undefined;
  /** The session's token and data key; undefined while locked. */
  private open: OpenSession | undefined;
  private locked = false;
  private readonly unlockedKeys: UnlockedKeyStore;
  private snapshot: SessionSnapshot | undefined;
  private opened: OpenedClient | undefined;
  private cryptoReady = false;
  private starting: Promise<void> | undefined;
  private notice: string | undefined;
  private loaded: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private saving: Promise<void> = Promise.resolve();
  private refreshing: Promise<void> | undefined;
  private readonly tracker: SyncTracker;
  readonly timings: WakeTimings = {};

  constructor(private readonly env: SessionEnvironment) {
    this.tracker = new SyncTracker(env.now);
    this.unlockedKeys = env.unlockedKeys ?? memoryKeyStore();
    yieldSessionStoresOnDelete(env.indexedDB);
  }

  /** Runs `task` after every earlier sign-in/sign-out/restore step has finished. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Reads the stored session and resumes its client behind; later calls return the same promise. */
  restore(): Promise<void> {
    this.loaded ??= this.exclusive(() => this.load());
    return this.loaded;
  }

  private async load(): Promise<void> {
    const db = await this.env.db();
    const stored = await loadSession(db);
    if (stored?.state === "pending") {
      // A sign-in stopped halfway: its device and stores must not linger.
      await this.discard(stored, { logout: true });
    } else if (stored) {
      this.session = stored;
      this.snapshot = await loadSnapshot(db, stored.deviceId);
      const open = await openStored(stored, this.unlockedKeys).catch((error: unknown) => {
        this.tracker.failed(error instanceof Error ? error.message : String(error));
        return "failed" as const;
      });
      if (open === null) this.locked = true;
      else if (open !== "failed") this.resume(stored, open);
    }
    this.timings.storedStateMs = sinceStart();
    sweepOrphanDatabases(this.env.indexedDB, stored?.state === "active" ? stored : undefined).catch((error) =>
      console.warn("[session] could not sweep old stores", error),
    );
  }

  /** Starts the client of a stored session behind (a wake-up or an unlock answers before it is ready). */
  private resume(session: StoredSession, open: OpenSession): void {
    this.open = open;
    this.locked = false;
    this.tracker.resuming();
    this.starting = this.startClient(session, open);
    this.starting.catch((error: unknown) => {
      console.error("[session] could not resume the stored session", error);
      this.tracker.failed(
        `The session could not be resumed (${error instanceof Error ? error.message : String(error)}). Sign out and sign in again.`,
      );
      this.env.onStatusChange?.();
    });
  }

  /** Opens the stores, the crypto (with the data key) and the sync loop of `session`. */
  private async startClient(session: StoredSession, open: OpenSession): Promise<void> {
    const opened = await openSessionClient(
      { ...open.credentials, syncStoreName: session.syncStoreName },
      this.env.indexedDB,
      this.env.http,
      this.env.cryptoCallbacks,
    );
    this.opened = opened;
    const { client } = opened;
    this.tracker.attach(client);
    client.on(ClientEvent.Sync, (state) => {
      if (state === SyncState.Prepared || state === SyncState.Syncing) this.afterSync(opened);
      this.env.onStatusChange?.();
    });
    client.on(HttpApiEvent.SessionLoggedOut, (error) => this.onSignedOutRemotely(client, error));
    await initCrypto(client, session.cryptoDatabasePrefix, open.dataKey);
    this.cryptoReady = true;
    this.timings.cryptoReadyMs = sinceStart();
    // The snapshot asks the server (secret storage); a server down at wake-up must not stop the sync
    // loop from starting, which is what retries and recovers.
    await this.refreshSnapshot(session).catch((error) => console.warn("[session] could not refresh the status snapshot", error));
    const mode = (await this.env.syncMode?.().catch(() => undefined)) ?? "lean";
    await startSync(client, this.env.pollTimeoutMs ?? SYNC_POLL_TIMEOUT_MS, mode);
    this.env.onStatusChange?.();
  }

  /**
   * matrix-js-sdk saves its sync store only every five minutes; a background may be stopped
   * sooner, so each processed sync is saved at once (its token is then where the next wake resumes).
   */
  private afterSync(opened: OpenedClient): void {
    this.saving = this.saving
      .then(async () => {
        if (this.opened !== opened) return;
        await opened.store.save(true);
        if (this.session) await this.refreshSnapshot(this.session);
      })
      .catch((error) => console.warn("[session] could not save sync state", error));
  }

  /**
   * Re-reads the facts the status shows. The device keys are local; the cross-signing status asks
   * the server (secret storage), so when that fails the last known values stay. Answers whether
   * anything changed.
   */
  private async refreshSnapshot(session: StoredSession): Promise<boolean> {
    const crypto = this.opened?.client.getCrypto();
    if (!crypto) return false;
    const keys = await crypto.getOwnDeviceKeys();
    const crossSigningFacts = await Promise.all([crypto.getCrossSigningStatus(), crypto.isCrossSigningReady()]).catch(
      (error: unknown) => {
        console.warn("[session] could not read the cross-signing status", error);
        return undefined;
      },
    );
    const previous = this.snapshot?.deviceId === session.deviceId ? this.snapshot : undefined;
    const next: SessionSnapshot = { deviceId: session.deviceId, ed25519: keys.ed25519 };
    const crossSigning = crossSigningFacts?.[0] ?? previous?.crossSigning;
    const crossSigningReady = crossSigningFacts?.[1] ?? previous?.crossSigningReady;
    if (crossSigning) next.crossSigning = crossSigning;
    if (crossSigningReady !== undefined) next.crossSigningReady = crossSigningReady;
    if (this.tracker.lastSyncAt !== undefined) next.lastSyncAt = this.tracker.lastSyncAt;
    if (JSON.stringify(next) === JSON.stringify(this.snapshot)) return false;
    this.snapshot = next;
    // Only the active session's snapshot is kept; a sign-in in progress has none yet.
    if (this.session === session) await saveSnapshot(await this.env.db(), next);
    return true;
  }

  /** Refreshes the snapshot without making anyone wait for it; open popups hear if it changed. */
  private refreshBehind(session: StoredSession): void {
    if (this.refreshing) return;
    this.refreshing = this.refreshSnapshot(session)
      .then((changed) => {
        if (changed) this.env.onStatusChange?.();
      })
      .catch((error) => console.warn("[session] could not refresh the status snapshot", error))
      .finally(() => {
        this.refreshing = undefined;
      });
  }


  private stopClient(): void {
    const opened = this.opened;
    this.opened = undefined;
    this.cryptoReady = false;
    this.starting = undefined;
    if (!opened) return;
    opened.client.stopClient();
    opened.client.removeAllListeners();
  }

  /**
   * Removes everything of `session` on this machine (and, with `logout`, its device on the server).
   * Every step is tried even if an earlier one failed; the credentials go first so that a restart
   * in between never resumes a half-deleted session.
   */
  private async discard(session: StoredSession, options: { logout: boolean; keepRecords?: boolean }): Promise<{ serverConfirmed: boolean }> {
    const opened = this.opened;
    // A locked session's token cannot be read: its device stays on the server (the popup says so).
    const open = this.open ?? (await openStored(session, this.unlockedKeys).catch(() => null)) ?? undefined;
    this.stopClient();
    this.session = undefined;
    this.open = undefined;
    this.locked = false;
    this.snapshot = undefined;
    this.tracker.stopped();
    const serverConfirmed = options.logout && open ? await logoutOnServer(open.credentials, this.env.http) : false;
    const failures: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
      try {
        await step();
      } catch (error) {
        failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    await attempt("credentials", async () => deleteSession(await this.env.db()));
    await attempt("unlocked key", () => this.unlockedKeys.clear());
    if (opened) await attempt("sync store", () => opened.store.deleteAllData());
    for (const name of databasesOf(session)) await attempt(name, () => deleteDatabase(this.env.indexedDB, name));
    if (this.env.wipeAccountRecords && !options.keepRecords) await attempt("audit records", () => this.env.wipeAccountRecords!(session.userId));
    if (failures.length > 0)
      throw new SessionError(
        "storage",
        `Signed out, but some local data could not be deleted yet (${failures.join("; ")}). It is retried at the next start.`,
      );
    return { serverConfirmed };
  }

  private onSignedOutRemotely(client: MatrixClient, _error: MatrixError): void {
    void this.exclusive(async () => {
      const session = this.session;
      if (!session || this.opened?.client !== client) return;
      this.notice = REMOTE_LOGOUT_NOTICE;
      await this.discard(session, { logout: false }).catch((error) => console.warn("[session]", error));
      this.env.onStatusChange?.();
    });
  }

  /** Resolves a homeserver for the sign-in form (which then asks for its host permission). */
  resolve(homeserver: string): Promise<ResolvedHomeserver> {
    return resolveHomeserver(homeserver, this.env.http);
  }

  async signIn(request: SignInRequest): Promise<SessionStatus> {
    await this.restore();
    await this.exclusive(async () => {
      if (this.session)
        throw new SessionError("bad-request", `Already signed in as ${this.session.userId}. Sign out first.`);
      this.notice = undefined;
      if (request.passphrase !== undefined) checkPassphrase(request.passphrase);
      const typed = request.homeserver.trim() || serverNameOfUserId(request.user ?? "") || "";
      const { baseUrl } = await resolveHomeserver(typed, this.env.http);
      const credentials: Credentials = request.accessToken
        ? await loginWithAccessToken({ baseUrl, accessToken: request.accessToken, http: this.env.http })
        : await loginWithPassword({
            baseUrl,
            user: request.user ?? "",
            password: request.password ?? "",
            deviceName: this.env.deviceName,
            http: this.env.http,
          });
      const { stored: pending, open } = await newKeyedSession(
        credentials,
        { ...storeNamesFor(credentials.userId, credentials.deviceId), signedInAt: (this.env.now ?? Date.now)() },
        request.passphrase,
      );
      try {
        const db = await this.env.db();
        // Where a restart in between (or the undo of a failed sign-in) finds the key of a locked session.
        if (pending.dataKey.lock === "passphrase") await this.unlockedKeys.set(pending.deviceId, open.dataKey!);
        await saveSession(db, pending);
        this.tracker.resuming();
        this.open = open;
        await this.startClient(pending, open);
        const active: KeyedSession = { ...pending, state: "active" };
        await saveSession(db, active);
        this.session = active;
        await this.refreshSnapshot(active);
        if (this.snapshot) await saveSnapshot(db, this.snapshot);
      } catch (error) {
        const cause = asSessionError(error, "setting up the session");
        await this.discard(pending, { logout: true }).catch(() => undefined);
        throw cause;
      }
    });
    this.env.onStatusChange?.();
    return this.status();
  }

  /** Signs out; `keepRecords` keeps the account's findings and history for the next sign-in. */
  async signOut(options: { keepRecords?: boolean } = {}): Promise<{ serverLogoutFailed: boolean }> {
    await this.restore();
    const result = await this.exclusive(async () => {
      const session = this.session;
      if (!session) throw new SessionError("not-signed-in", "Not signed in.");
      // Let a resume in progress finish, so its stores are open (and then closed) before deletion.
      await this.starting?.catch(() => undefined);
      this.notice = undefined;
      const { serverConfirmed } = await this.discard(session, { logout: true, keepRecords: options.keepRecords === true });
      return { serverLogoutFailed: !serverConfirmed };
    });
    this.env.onStatusChange?.();
    return result;
  }

  /** The status for the popup: from stored state at once, live crypto facts once the crypto is open. */
  async status(): Promise<SessionStatus> {
    await this.restore();
    const session = this.session;
    if (!session)
      return this.notice ? { signedIn: false, sync: { state: "stopped", lastError: this.notice } } : { signedIn: false };
    // Answer from what is known now; a slow server must not hold the answer back.
    if (this.cryptoReady) this.refreshBehind(session);
    const snapshot = this.snapshot;
    const status: SessionStatus = {
      signedIn: true,
      userId: session.userId,
      homeserverUrl: session.homeserverUrl,
      deviceId: session.deviceId,
      sync: this.tracker.describe(),
      cryptoReady: this.cryptoReady,
      locked: this.locked,
      protection: session.format === 1 ? "unencrypted" : session.dataKey.lock === "passphrase" ? "passphrase" : "data-key",
    };
    if (snapshot?.ed25519) status.ed25519 = snapshot.ed25519;
    if (snapshot?.crossSigningReady !== undefined) status.crossSigningReady = snapshot.crossSigningReady;
    if (snapshot?.crossSigning) status.crossSigning = snapshot.crossSigning;
    this.timings.firstAnswerMs ??= sinceStart();
    status.wake = { firstAnswerMs: this.timings.firstAnswerMs };
    if (this.timings.cryptoReadyMs !== undefined) status.wake.cryptoReadyMs = this.timings.cryptoReadyMs;
    return status;
  }

  /** Resolves when the crypto of a restored session is open (rejects if it could not be). */
  async whenCryptoReady(): Promise<boolean> {
    await this.restore();
    await this.starting;
    return this.cryptoReady;
  }

  /**
   * For an alarm: make sure the session is resumed and let one /sync answer arrive and be saved.
   * Answers whether a sync happened within `maxWaitMs`.
   */
  async refresh(maxWaitMs = 20_000): Promise<boolean> {
    await this.restore();
    if (!this.session || this.locked) return false;
    await this.starting?.catch(() => undefined);
    const synced = await this.tracker.nextSync(maxWaitMs);
    await this.saving;
    return synced;
  }

  /** Whether the session waits for its passphrase (no client, no sync, no audit meanwhile). */
  isLocked(): boolean {
    return this.locked;
  }

  /** The active keyed session, unlocked; anything else is refused in words the user can act on. */
  private unlockedKeyed(): { session: KeyedSession; dataKey: Uint8Array } {
    const session = this.session;
    if (!session || session.state !== "active") throw new SessionError("not-signed-in", "Not signed in.");
    if (session.format === 1)
      throw new SessionError(
        "needs-sign-in",
        "This session was signed in by an earlier version, whose stored keys cannot be locked. Sign out and sign in again to use a passphrase.",
      );
    if (this.locked || !this.open?.dataKey) throw new SessionError("locked", "Unlock first.");
    return { session, dataKey: this.open.dataKey };
  }

  /** Writes a re-wrapped session record and keeps the unlocked key where the next wake-up finds it. */
  private async rewrap(next: KeyedSession, dataKey: Uint8Array): Promise<void> {
    await saveSession(await this.env.db(), next);
    this.session = next;
    if (next.dataKey.lock === "passphrase") await this.unlockedKeys.set(next.deviceId, dataKey);
    else await this.unlockedKeys.clear();
  }

  /**
   * Sets the passphrase (no lock yet) or changes it (`current` must be the present one). Only the
   * data key is re-wrapped: nothing else is encrypted again, and a failure leaves the old wrap.
   */
  async setPassphrase(passphrase: string, current?: string): Promise<SessionStatus> {
    await this.restore();
    await this.exclusive(async () => {
      const { session, dataKey } = this.unlockedKeyed();
      if (session.dataKey.lock === "passphrase") {
        if (current === undefined) throw WRONG_PASSPHRASE();
        await unwrapWith(session, current);
      }
      await this.rewrap(await withPassphrase(session, dataKey, passphrase), dataKey);
    });
    this.env.onStatusChange?.();
    return this.status();
  }

  /** Removes the passphrase: the data key is kept beside the data again. */
  async removePassphrase(current: string): Promise<SessionStatus> {
    await this.restore();
    await this.exclusive(async () => {
      const { session, dataKey } = this.unlockedKeyed();
      await unwrapWith(session, current);
      await this.rewrap(await withPassphrase(session, dataKey, null), dataKey);
    });
    this.env.onStatusChange?.();
    return this.status();
  }

  /** Locks now: the client stops, its stores close, and the unwrapped key is forgotten. */
  async lock(): Promise<SessionStatus> {
    await this.restore();
    await this.exclusive(async () => {
      const { session } = this.unlockedKeyed();
      if (session.dataKey.lock !== "passphrase") throw new SessionError("bad-request", "Set a passphrase before locking.");
      await this.starting?.catch(() => undefined);
      await this.saving;
      const opened = this.opened;
      this.stopClient();
      await opened?.store.destroy().catch(() => undefined);
      this.open?.dataKey?.fill(0);
      this.open = undefined;
      this.locked = true;
      this.tracker.stopped();
      await this.unlockedKeys.clear();
    });
    this.env.onStatusChange?.();
    return this.status();
  }

  /** Unlocks with the passphrase; a wrong one changes nothing. The client resumes behind the answer. */
  async unlock(passphrase: string): Promise<SessionStatus> {
    await this.restore();
    await this.exclusive(async () => {
      const session = this.session;
      if (!session) throw new SessionError("not-signed-in", "Not signed in.");
      if (!this.locked || session.format === 1) return;
      const dataKey = await unwrapWith(session, passphrase);
      const open = await openWithKey(session, dataKey);
      await this.unlockedKeys.set(session.deviceId, dataKey);
      this.resume(session, open);
    });
    this.env.onStatusChange?.();
    return this.status();
  }

  /** The one client, for the audit; undefined until its crypto is ready. */
  client(): MatrixClient | undefined {
    return this.cryptoReady ? this.opened?.client : undefined;
  }

  /** Stops the client without deleting anything (tests, and a background about to unload). */
  async shutdown(): Promise<void> {
    await this.restore().catch(() => undefined);
    await this.exclusive(async () => {
      await this.starting?.catch(() => undefined);
      await this.saving;
      const opened = this.opened;
      this.stopClient();
      await opened?.store.destroy().catch(() => undefined);
      this.tracker.stopped();
    });
  }
}
