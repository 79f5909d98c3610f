/**
 * Verdicts for one room, as the background answered them. Tiles ask for user IDs; the asks gathered
 * while mutation batches are handled go to the background together, at most 2,000 IDs a request and
 * one request at a time, paced (ask-pacer.ts). A cache belongs to one room: switching rooms makes a new
 * one, and answers that arrive for an old cache are dropped. It keeps at most MAX_KNOWN verdicts (the
 * least recently used go first), so a page showing ever new user IDs cannot make it grow.
 */
import type { MemberBadge } from "../protocol/messages.ts";
import { AskPacer } from "./ask-pacer.ts";

export interface BadgeAnswer {
  roomId: string;
  members: MemberBadge[];
}

/**
 * Asks the background; rejects when it refuses (not signed in, not a room of the account…).
 * `devicesOf` names one of `userIds` whose sessions to list too (the right panel's member).
 */
export type VerdictSource = (room: string, userIds: string[], devicesOf?: string) => Promise<BadgeAnswer>;

/** The protocol's cap on user IDs per request (src/protocol/parse-request.ts). */
export const MAX_IDS_PER_REQUEST = 2000;
/** Verdicts kept per room: far more than Element mounts (about 30 rows), bounded whatever the page shows. */
export const MAX_KNOWN = 5000;
/** After a refusal (background starting, not signed in yet), ask again after 2 s, 4 s, … up to 30 s. */
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 30_000;

export class VerdictCache {
  /** null: the background answered nothing for this user (not a member of the room). In LRU order. */
  private readonly known = new Map<string, MemberBadge | null>();
  private readonly wanted = new Set<string>();
  private pumping = false;
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
    /** Whether a tile still shows this user: IDs no tile shows any more are not asked about. */
    private readonly isShown: (userId: string) => boolean = () => true,
    private readonly pacer: AskPacer = new AskPacer(),
    /** Called as a request leaves: the caller may want more user IDs then (tiles it had still to read). */
    private readonly beforeAsk: () => void = () => {},
  ) {}

  /** The badge for a user: a badge, null (no verdict for them), or undefined (not asked yet, or forgotten). */
  get(userId: string): MemberBadge | null | undefined {
    const badge = this.known.get(userId);
    if (badge !== undefined) {
      // Most recently used last: the oldest entry is the first to go.
      this.known.delete(userId);
      this.known.set(userId, badge);
    }
    return badge;
  }

  /** Queues a user ID for the next request unless already known or queued. */
  want(userId: string): void {
    if (this.known.has(userId)) return;
    this.wanted.add(userId);
    this.startPump();
  }

  /** No tile shows this user any more: do not ask about them. */
  unwant(userId: string): void {
    this.wanted.delete(userId);
  }

  /** Asks again for these users (after a push from the background, or on the poll). */
  refresh(userIds: Iterable<string>): void {
    for (const id of userIds) this.wanted.add(id);
    this.startPump();
  }

  /** Verdicts kept (at most MAX_KNOWN) and user IDs waiting to be asked about. */
  get sizes(): { known: number; wanted: number } {
    return { known: this.known.size, wanted: this.wanted.size };
  }

  /** Whether asks are queued or on their way (tests and the bench wait for this to end). */
  get busy(): boolean {
    return this.pumping || (this.wanted.size > 0 && !this.closed);
  }

  close(): void {
    this.closed = true;
    this.wanted.clear();
    this.failed.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  /** One request at a time, each in its turn: however many IDs are wanted, the background sees a trickle. */
  private startPump(): void {
    if (this.pumping || this.closed || this.wanted.size === 0) return;
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
      // A want between the last request and here would otherwise wait for the next one.
      this.startPump();
    });
  }

  private async pump(): Promise<void> {
    // A microtask first: the rest of the current mutation batch joins this request.
    await Promise.resolve();
    while (!this.closed && this.wanted.size > 0) {
      // Dropped when, by its turn, this room is no longer shown or nothing is wanted any more.
      if (!(await this.pacer.turn(() => !this.closed && this.wanted.size > 0))) break;
      this.beforeAsk();
      const ids = this.takeWanted();
      if (ids.length > 0) await this.ask(ids);
    }
  }

  private takeWanted(): string[] {
    const ids: string[] = [];
    for (const id of this.wanted) {
      this.wanted.delete(id);
      if (this.isShown(id)) ids.push(id);
      if (ids.length === MAX_IDS_PER_REQUEST) break;
    }
    return ids;
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
      this.known.delete(id);
      this.known.set(id, next);
      if (before === undefined || JSON.stringify(before) !== JSON.stringify(next)) changed.add(id);
    }
    for (const oldest of this.known.keys()) {
      if (this.known.size <= MAX_KNOWN) break;
      this.known.delete(oldest);
    }
    if (changed.size > 0) this.onChange(changed);
  }

  private retryLater(ids: string[]): void {
    for (const id of ids) this.failed.add(id);
    // While the background refuses, a churning page must not pile up IDs no tile shows any more.
    if (this.failed.size > MAX_KNOWN) for (const id of this.failed) if (!this.isShown(id)) this.failed.delete(id);
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
