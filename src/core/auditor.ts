/**
 * The live audit of one signed-in session. `fullAudit()` audits every joined room (reporting
 * progress); once `start()`ed, the auditor follows the client's crypto and room events and
 * re-audits only the users and rooms they affect, debounced, emitting each new report.
 *
 * Events: "update" ({@link AuditUpdate}) after every full or incremental audit; "progress"
 * ({@link AuditProgress}) during a full audit; "error" when an audit fails.
 *
 * An update that fails part-way (a record write refused, a handler that threw) loses nothing: the
 * users and rooms it was to look at stay to be looked at, the rooms it touched are marked
 * `outOfDate` in an "update" of their own (so nobody reads the old verdicts as current), and it is
 * retried, sooner after an early failure and at most {@link RETRY_MAX_MS} apart, until it succeeds.
 * A first full audit that fails (no report yet) is retried the same way, once `start()`ed.
 */
import { ClientEvent, EventType, RoomEvent, RoomStateEvent, type MatrixClient, type MatrixEvent, type RoomState } from "matrix-js-sdk";
import { CryptoEvent } from "matrix-js-sdk/lib/crypto-api/index.js";
import { Emitter } from "./emitter.ts";
import { applyIdentityMemory, type IdentityMemory } from "./identity-memory.ts";
import { MemoryTrustRecords, type TrustRecords } from "./records.ts";
import { RecordsCache } from "./records-cache.ts";
import { RoomAuditor } from "./room-audit.ts";
import { directRoomIds, joinedRooms, readRoomInfo, type RoomInfo } from "./rooms.ts";
import { compareRoomRisk, reportBody } from "./risk.ts";
import { readUserTrustWithPath, type OwnAccount, type UserTrust } from "./user-trust.ts";
import { mapBounded } from "./concurrency.ts";
import { sendQueuedCryptoRequests, type TrustReadPath } from "./olm-machine-adapter.ts";
import type { AuditProgress, AuditReport, RoomAudit } from "./verdicts.ts";

/** The longest wait between retries of a failed update. */
export const RETRY_MAX_MS = 15_000;
/** Rooms whose members a full audit loads at once (each may be a request to the homeserver). */
const MEMBER_LOADS_IN_FLIGHT = 4;

export interface AuditorOptions {
  /** Where first sightings and acknowledgements are kept; in memory by default. */
  records?: TrustRecords;
  /** How long to gather events before an incremental audit. Default 250 ms. */
  debounceMs?: number;
  /** Audit only these rooms (the command line's --room). */
  roomIds?: readonly string[];
  /** Clock, in epoch milliseconds. */
  now?: () => number;
  /**
   * Identities seen in earlier sessions, for a client whose crypto forgets between runs (the
   * command line). The extension's crypto store remembers them itself and passes none.
   */
  identities?: IdentityMemory;
}

export interface AuditUpdate {
  report: AuditReport;
  /** True for a full audit, false for an incremental one. */
  full: boolean;
  /** Users whose trust was read from the crypto again. */
  recomputedUsers: string[];
  /** Rooms whose audit was rebuilt. */
  recomputedRooms: string[];
  /** Time spent computing this update, in milliseconds (excluding the debounce wait). */
  durationMs: number;
  /** How trust was read: the Rust crypto's fast path, or the public CryptoApi (and why). */
  trustPath: TrustReadPath | null;
  /** True when this update failed part-way: `recomputedRooms` are then the rooms now marked out of date. */
  failed?: boolean;
}

export type AuditorEvents = {
  update: (update: AuditUpdate) => void;
  progress: (progress: AuditProgress) => void;
  error: (error: unknown) => void;
};

interface RoomEntry {
  info: RoomInfo;
  audit: RoomAudit;
  auditor: RoomAuditor;
}

export class Auditor extends Emitter<AuditorEvents> {
  private readonly records: RecordsCache;
  private readonly debounceMs: number;
  private readonly now: () => number;
  private readonly own: OwnAccount;

  private trust = new Map<string, UserTrust>();
  private rooms = new Map<string, RoomEntry>();
  private current: AuditReport | null = null;
  private path: TrustReadPath | null = null;
  /** Bumped whenever a room's facts (members) are re-read. */
  private roomsVersion = 0;
  private indexCache: { rooms: Map<string, RoomEntry>; version: number; index: Map<string, string[]> } | null = null;

  private dirtyUsers = new Set<string>();
  private dirtyRooms = new Set<string>();
  private allUsersDirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Rooms whose last update failed, and since when; cleared once an update of them succeeds. */
  private readonly outOfDate = new Map<string, number>();
  /** Failed updates in a row (for the retry's back-off), and the retry's timer. */
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Findings seen to go whose records could not yet be told. */
  private readonly pendingGone = new Set<string>();
  /** Audits run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly client: MatrixClient,
    private readonly options: AuditorOptions = {},
  ) {
    super();
    const userId = client.getUserId();
    const deviceId = client.getDeviceId();
    if (!userId || !deviceId) throw new Error("The Matrix client is not signed in (no user or device ID).");
    if (!client.getCrypto()) throw new Error("The Matrix client has no crypto: call initRustCrypto() first.");
    this.own = { userId, deviceId };
    this.now = options.now ?? Date.now;
    this.debounceMs = options.debounceMs ?? 250;
    this.records = new RecordsCache(options.records ?? new MemoryTrustRecords(), this.now);
  }

  /** The latest report, or null before the first full audit. */
  get report(): AuditReport | null {
    return this.current;
  }

  /** How the last read of trust was made; null before the first. */
  get trustPath(): TrustReadPath | null {
    return this.path;
  }

  /** Audits every joined room (or the chosen ones) from scratch. */
  fullAudit(): Promise<AuditReport> {
    return this.enqueue(() => this.runFullAudit());
  }

  /**
   * Follows the client's events, re-auditing what they affect. Events before the first full
   * audit's report are gathered and audited right after it.
   */
  start(): void {
    if (this.unsubscribe.length > 0) return;
    const c = this.client;
    const listen = <A extends unknown[]>(event: string, handler: (...args: A) => void): void => {
      const h = handler as (...args: unknown[]) => void;
      (c.on as (e: string, l: (...args: unknown[]) => void) => void)(event, h);
      this.unsubscribe.push(() => (c.off as (e: string, l: (...args: unknown[]) => void) => void)(event, h));
    };
    listen(CryptoEvent.DevicesUpdated, (users: string[]) => this.markUsers(users));
    listen(CryptoEvent.UserTrustStatusChanged, (userId: string) =>
      // Our own identity's trust decides every other user's: re-read all of them.
      userId === this.own.userId ? this.markAllUsers() : this.markUsers([userId]),
    );
    listen(CryptoEvent.KeysChanged, () => this.markAllUsers());
    listen(RoomStateEvent.Members, (_event: MatrixEvent, state: RoomState) => this.markRoom(state.roomId));
    listen(RoomStateEvent.Events, (event: MatrixEvent) => {
      const type = event.getType();
      if (type === EventType.RoomEncryption || type === EventType.RoomHistoryVisibility || type === EventType.RoomName)
        this.markRoom(event.getRoomId());
    });
    listen(ClientEvent.Room, (room: { roomId: string }) => this.markRoom(room.roomId));
    listen(RoomEvent.MyMembership, (room: { roomId: string }) => this.markRoom(room.roomId));
    listen(ClientEvent.AccountData, (event: MatrixEvent) => {
      if (event.getType() === EventType.Direct) for (const roomId of this.rooms.keys()) this.markRoom(roomId);
    });
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Rooms shown out of date because their last update failed (retried by itself; see {@link retryNow}). */
  get outOfDateRooms(): string[] {
    return [...this.outOfDate.keys()];
  }

  /** Retries a failed update now rather than after its back-off (e.g. once storage works again). */
  retryNow(): void {
    if (!this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retry();
  }

  /** Marks findings as acknowledged (in the records and in the current report). */
  acknowledge(findingIds: readonly string[]): Promise<AuditReport | null> {
    return this.enqueue(async () => {
      await this.records.acknowledge(findingIds);
      if (!this.current) return null;
      const ids = new Set(findingIds);
      for (const entry of this.rooms.values())
        entry.audit = {
          ...entry.audit,
          findings: entry.audit.findings.map((f) => (ids.has(f.id) ? { ...f, acknowledged: true } : f)),
        };
      const started = performance.now();
      const report = this.buildReport();
      this.emit("update", { report, full: false, recomputedUsers: [], recomputedRooms: [], durationMs: performance.now() - started, trustPath: this.path });
      return report;
    });
  }

  /** Resolves once no event is waiting to be audited and no audit is running (a failed update's pending retry does not count). */
  async whenIdle(): Promise<void> {
    for (;;) {
      const pending = this.queue;
      await pending;
      if (this.timer) await new Promise((r) => setTimeout(r, this.debounceMs));
      else if (pending === this.queue) return;
    }
  }

  private markUsers(userIds: readonly string[]): void {
    for (const u of userIds) this.dirtyUsers.add(u);
    this.schedule();
  }

  private markAllUsers(): void {
    this.allUsersDirty = true;
    this.schedule();
  }

  private markRoom(roomId: string | undefined): void {
    if (!roomId || !this.wanted(roomId)) return;
    this.dirtyRooms.add(roomId);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || !this.current) return; // before the first full audit there is nothing to update
    if (this.retryTimer) clearTimeout(this.retryTimer); // new events: the retry goes with them
    this.retryTimer = null;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.enqueue(() => this.runIncremental()).catch((error) => this.emit("error", error));
    }, this.debounceMs);
  }

  /** After a failed update: try again later, doubling the wait up to {@link RETRY_MAX_MS}. */
  private scheduleRetry(): void {
    if (this.timer || this.retryTimer || this.unsubscribe.length === 0) return;
    const wait = Math.min(RETRY_MAX_MS, Math.max(this.debounceMs, 250) * 2 ** Math.min(this.failures - 1, 10));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retry();
    }, wait);
  }

  private retry(): void {
    // No report yet (the first full audit failed, e.g. offline while loading members): there is
    // nothing to update, so the retry is the full audit again.
    if (!this.current) void this.fullAudit().catch((error) => this.emit("error", error));
    else this.schedule();
  }

  /**
   * A failed update keeps what it was to look at and marks the rooms it touched out of date, in an
   * update of their own; then it is retried.
   */
  private failed(started: number, rooms: Iterable<string>, users: Iterable<string>, allUsers: boolean): void {
    const at = this.now();
    for (const roomId of rooms) {
      this.dirtyRooms.add(roomId);
      if (this.rooms.has(roomId) && !this.outOfDate.has(roomId)) this.outOfDate.set(roomId, at);
    }
    for (const u of users) this.dirtyUsers.add(u);
    if (allUsers) this.allUsersDirty = true;
    this.failures++;
    this.scheduleRetry();
    if (!this.current) return;
    const report = this.buildReport();
    this.emit("update", { report, full: false, recomputedUsers: [], recomputedRooms: [...this.outOfDate.keys()], durationMs: performance.now() - started, trustPath: this.path, failed: true });
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private wanted(roomId: string): boolean {
    return !this.options.roomIds || this.options.roomIds.includes(roomId);
  }

  private async runFullAudit(): Promise<AuditReport> {
    const started = performance.now();
    this.dirtyUsers.clear();
    this.dirtyRooms.clear();
    this.allUsersDirty = false;
    try {
      return await this.fullAuditSteps(started);
    } catch (error) {
      // Every room is to be looked at again; the rooms shown so far are out of date until then.
      const wanted = joinedRooms(this.client).filter((r) => this.wanted(r.roomId)).map((r) => r.roomId);
      this.failed(started, new Set([...wanted, ...this.rooms.keys()]), [], true);
      throw error;
    }
  }

  private async fullAuditSteps(started: number): Promise<AuditReport> {
    const rooms = joinedRooms(this.client).filter((r) => this.wanted(r.roomId));
    const missing = this.options.roomIds?.filter((id) => !rooms.some((r) => r.roomId === id)) ?? [];
    if (missing.length > 0) throw new Error(`Not a joined room of ${this.own.userId}: ${missing.join(", ")}`);
    this.emit("progress", { roomsDone: 0, roomsTotal: rooms.length });
    this.own.serverDevices = await this.readServerDevices();
    this.trust = await this.readTrust([this.own.userId]);
    const previous = this.rooms;
    // Built aside: a full audit that fails part-way leaves the rooms as they were.
    const next = new Map<string, RoomEntry>();
    const direct = directRoomIds(this.client);
    let done = 0;
    // Every room's members first, a few rooms at a time: with lazy-loaded members each encrypted room
    // costs a request to the homeserver, and one after another those waits added up on a heavy account.
    const infos = await mapBounded(rooms, MEMBER_LOADS_IN_FLIGHT, async (room) => {
      const info = await readRoomInfo(this.client, room, direct);
      // Members just loaded: their key query goes now, not after the next sync (olm-machine-adapter.ts).
      if (info.encrypted) sendQueuedCryptoRequests(this.client.getCrypto()!);
      return info;
    });
    for (const [index, room] of rooms.entries()) {
      const info = infos[index]!;
      const unread = [...new Set(info.members.map((m) => m.userId))].filter((u) => !this.trust.has(u));
      for (const [u, t] of await this.readTrust(unread)) this.trust.set(u, t);
      const auditor = new RoomAuditor();
      next.set(room.roomId, { info, auditor, audit: await auditor.audit(info, this.trust, this.roomContext()) });
      this.emit("progress", { roomsDone: ++done, roomsTotal: rooms.length });
    }
    this.rooms = next;
    this.roomsVersion++;
    this.outOfDate.clear();
    this.failures = 0;
    await this.resolveGone(previous, [...previous.keys()]);
    const report = this.buildReport();
    // Events that arrived while this audit ran may have been read too late: audit them again.
    if (this.dirtyUsers.size > 0 || this.dirtyRooms.size > 0 || this.allUsersDirty) this.schedule();
    this.emit("update", {
      report,
      full: true,
      recomputedUsers: [...this.trust.keys()],
      recomputedRooms: [...this.rooms.keys()],
      durationMs: performance.now() - started,
      trustPath: this.path,
    });
    return report;
  }

  private async runIncremental(): Promise<void> {
    const started = performance.now();
    const dirtyRooms = [...this.dirtyRooms];
    const dirtyUsers = [...this.dirtyUsers];
    const allUsers = this.allUsersDirty;
    this.dirtyRooms.clear();
    this.dirtyUsers.clear();
    this.allUsersDirty = false;
    const affectedRooms = new Set<string>();
    try {
      await this.incrementalSteps(started, dirtyRooms, new Set(allUsers ? this.trust.keys() : dirtyUsers), affectedRooms);
    } catch (error) {
      // The users whose trust was already re-read are in `affectedRooms`' rooms, rebuilt whole next time.
      this.failed(started, new Set([...dirtyRooms, ...affectedRooms]), dirtyUsers, allUsers);
      throw error;
    }
  }

  private async incrementalSteps(started: number, dirtyRooms: string[], users: Set<string>, affectedRooms: Set<string>): Promise<void> {
    // The audits as they are now (entries are updated in place below).
    const previous = new Map([...this.rooms].map(([roomId, entry]) => [roomId, { audit: entry.audit }]));
    const direct = directRoomIds(this.client);
    if (dirtyRooms.length > 0) this.roomsVersion++;
    for (const roomId of dirtyRooms) {
      const room = this.client.getRoom(roomId);
      if (!room || room.getMyMembership() !== "join") {
        this.rooms.delete(roomId);
        affectedRooms.add(roomId);
        continue;
      }
      const info = await readRoomInfo(this.client, room, direct);
      if (info.encrypted) sendQueuedCryptoRequests(this.client.getCrypto()!);
      for (const m of info.members) if (!this.trust.has(m.userId)) users.add(m.userId);
      const known = this.rooms.get(roomId);
      this.rooms.set(roomId, { info, audit: known?.audit ?? placeholder(info), auditor: known?.auditor ?? new RoomAuditor() });
      affectedRooms.add(roomId);
    }
    // Only users this audit cares about: members of audited rooms, and this account.
    const relevant = this.memberIndex();
    const toRead = [...users].filter((u) => relevant.has(u) || u === this.own.userId);
    if (toRead.includes(this.own.userId)) this.own.serverDevices = await this.readServerDevices();
    const fresh = await this.readTrust(toRead);
    const changedUsers = new Set<string>();
    for (const [userId, t] of fresh) {
      const before = this.trust.get(userId);
      // Unchanged users keep their object, so rooms reuse what they built for them.
      if (before && JSON.stringify(before) === JSON.stringify(t)) continue;
      this.trust.set(userId, t);
      changedUsers.add(userId);
      for (const roomId of relevant.get(userId) ?? []) affectedRooms.add(roomId);
    }
    // Users no longer in any audited room are forgotten (and not re-read on the next identity change).
    for (const userId of this.trust.keys()) if (!relevant.has(userId) && userId !== this.own.userId) this.trust.delete(userId);
    for (const roomId of affectedRooms) {
      const entry = this.rooms.get(roomId);
      // Rooms whose facts were re-read are looked at whole; the others only at the changed users.
      if (entry) entry.audit = await entry.auditor.audit(entry.info, this.trust, this.roomContext(), dirtyRooms.includes(roomId) ? undefined : changedUsers);
    }
    await this.resolveGone(previous, [...affectedRooms]);
    for (const roomId of affectedRooms) this.outOfDate.delete(roomId);
    if (this.outOfDate.size === 0) this.failures = 0;
    const report = this.buildReport();
    this.emit("update", {
      report,
      full: false,
      recomputedUsers: toRead,
      recomputedRooms: [...affectedRooms],
      durationMs: performance.now() - started,
      trustPath: this.path,
    });
  }

  /** These users' trust as the crypto reads it, with the remembered identities applied when there are any. */
  private async readTrust(userIds: readonly string[]): Promise<Map<string, UserTrust>> {
    const { trust, path } = await readUserTrustWithPath(this.client.getCrypto()!, userIds, this.own);
    this.path = path;
    if (this.options.identities) {
      const me = trust.get(this.own.userId) ?? this.trust.get(this.own.userId);
      await applyIdentityMemory(this.options.identities, trust, this.now(), me?.crossSigningVerified ?? false);
    }
    return trust;
  }

  /**
   * Tells the records which findings of these rooms no longer apply. Ones it could not tell before
   * (a failed write) go along, unless they apply again meanwhile.
   */
  private async resolveGone(previous: ReadonlyMap<string, { audit: RoomAudit }>, roomIds: readonly string[]): Promise<void> {
    for (const roomId of roomIds) {
      const before = previous.get(roomId)?.audit.findings ?? [];
      const now = new Set(this.rooms.get(roomId)?.audit.findings.map((f) => f.id) ?? []);
      for (const f of before) if (!now.has(f.id)) this.pendingGone.add(f.id);
    }
    if (this.pendingGone.size === 0) return;
    const present = new Set<string>();
    for (const { audit } of this.rooms.values()) for (const f of audit.findings) present.add(f.id);
    const gone = [...this.pendingGone].filter((id) => !present.has(id));
    this.pendingGone.clear();
    try {
      await this.records.resolved(gone);
    } catch (error) {
      for (const id of gone) this.pendingGone.add(id);
      throw error;
    }
  }

  /** user ID → rooms they are a member of; rebuilt only after room facts change. */
  private memberIndex(): Map<string, string[]> {
    if (this.indexCache && this.indexCache.rooms === this.rooms && this.indexCache.version === this.roomsVersion) return this.indexCache.index;
    const index = new Map<string, string[]>();
    for (const [roomId, { info }] of this.rooms)
      for (const m of info.members) {
        const list = index.get(m.userId);
        if (list) list.push(roomId);
        else index.set(m.userId, [roomId]);
      }
    this.indexCache = { rooms: this.rooms, version: this.roomsVersion, index };
    return index;
  }

  private roomContext() {
    return { ownUserId: this.own.userId, ownDeviceId: this.own.deviceId, records: this.records };
  }

  private buildReport(): AuditReport {
    const rooms = [...this.rooms.values()]
      .map(({ audit }) => {
        const since = this.outOfDate.get(audit.roomId);
        if (since !== undefined) return { ...audit, outOfDate: { since } };
        if (!audit.outOfDate) return audit;
        const { outOfDate: _stale, ...current } = audit;
        return current;
      })
      .sort(compareRoomRisk);
    const me = this.trust.get(this.own.userId);
    const ownIdentityTrusted = me?.crossSigningVerified ?? false;
    this.current = {
      version: 1,
      generatedAt: this.now(),
      account: {
        userId: this.own.userId,
        deviceId: this.own.deviceId,
        ownIdentityTrusted,
        trustCaveat: ownIdentityTrusted ? null : trustCaveat(me),
      },
      ...reportBody(rooms),
    };
    return this.current;
  }

  /** The account's devices as the server lists them; undefined if the server would not say. */
  private async readServerDevices(): Promise<OwnAccount["serverDevices"]> {
    try {
      const { devices } = await this.client.getDevices();
      return devices.map((d) => ({ deviceId: d.device_id, displayName: d.display_name ?? null }));
    } catch {
      return undefined;
    }
  }
}

function trustCaveat(me: UserTrust | undefined): string {
  if (!me?.hasCrossSigning)
    return "This account has no cross-signing identity, so no user or device can be verified from it.";
  return (
    "This session does not trust the account's own cross-signing identity (it was not verified, nor " +
    "restored with the recovery key), so it cannot tell which users and devices this account verified."
  );
}

function placeholder(info: RoomInfo): RoomAudit {
  return {
    roomId: info.roomId,
    name: info.name,
    encrypted: info.encrypted,
    isDirect: info.isDirect,
    shield: "normal",
    members: [],
    findings: [],
    policyPreview: { excludedDevices: [], failingUsers: [], onlySignedFailingUsers: [], onlySignedBlocked: null },
  };
}
