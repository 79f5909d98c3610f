/**
 * Verdicts for one room, as the background answered them. Tiles ask for user IDs; the asks made while
 * one mutation batch is handled go to the background as one request. A cache belongs to one room:
 * switching rooms makes a new one, and answers that arrive for an old cache are dropped.
 */
import type { MemberBadge } from "../protocol/messages.ts";

export interface BadgeAnswer {
  roomId: string;
  members: MemberBadge[];
}

/**
 * Asks the background; rejects when it refuses (not signed in, not a room of the account…).
 * `devicesOf` names one of `userIds` whose sessions to list too (the right panel's member).
 */
export type VerdictSource = (room: string, userIds: string[], devicesOf?: string) => Promise<BadgeAnswer>;

/** The protocol's cap on user IDs per request. */
const MAX_IDS_PER_REQUEST = 2000;
/** After a refusal (background starting, not signed in yet), ask again after 2 s, 4 s, … up to 30 s. */
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 30_000;

export class VerdictCache {
  /** null: the background answered nothing for this user (not a member of the room). */
  private readonly known = new Map<string, MemberBadge | null>();
  private readonly wanted = new Set<string>();
  private flushScheduled = false;
  private closed = false;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly failed = new Set<string>();
  roomId: string | null = null;
  lastError: unknown = null;

  constructor(
    readonly room: string,
    private readonly source: VerdictSource,
    /** Called with the user IDs whose badge changed. */
    private readonly onChange: (userIds: Set<string>) => void,
  ) {}

  /** The badge for a user: a badge, null (no verdict for them), or undefined (not asked yet). */
  get(userId: string): MemberBadge | null | undefined {
    return this.known.get(userId);
  }

  /** Queues a user ID for the next request unless already known or queued. */
  want(userId: string): void {
    if (this.known.has(userId)) return;
    this.wanted.add(userId);
    this.scheduleFlush();
  }

  /** Asks again for these users (after a push from the background, or on the poll). */
  refresh(userIds: Iterable<string>): void {
    for (const id of userIds) this.wanted.add(id);
    this.scheduleFlush();
  }

  close(): void {
    this.closed = true;
    this.wanted.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.wanted.size === 0) return;
    this.flushScheduled = true;
    // A microtask runs after the current mutation batch is handled: one request per batch.
    queueMicrotask(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const ids = [...this.wanted];
    this.wanted.clear();
    for (let start = 0; start < ids.length; start += MAX_IDS_PER_REQUEST) {
      await this.ask(ids.slice(start, start + MAX_IDS_PER_REQUEST));
    }
  }

  private async ask(ids: string[]): Promise<void> {
    let answer: BadgeAnswer;
    try {
      answer = await this.source(this.room, ids);
    } catch (error) {
      this.lastError = error;
      this.retryLater(ids);
      return;
    }
    if (this.closed) return;
    this.lastError = null;
    this.retryMs = RETRY_FIRST_MS;
    this.roomId = answer.roomId;
    const asked = new Set(ids);
    const changed = new Set<string>();
    const answered = new Map<string, MemberBadge>();
    // Keep only answers for IDs we asked about: the answer is data, and data is checked.
    for (const badge of answer.members) if (asked.has(badge.userId)) answered.set(badge.userId, badge);
    for (const id of ids) {
      const next = answered.get(id) ?? null;
      const before = this.known.get(id);
      this.known.set(id, next);
      if (before === undefined || JSON.stringify(before) !== JSON.stringify(next)) changed.add(id);
    }
    if (changed.size > 0) this.onChange(changed);
  }

  private retryLater(ids: string[]): void {
    for (const id of ids) this.failed.add(id);
    if (this.closed || this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      const again = [...this.failed].filter((id) => !this.known.has(id));
      this.failed.clear();
      if (!this.closed) this.refresh(again);
    }, delay);
  }
}
