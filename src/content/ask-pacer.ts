/**
 * Spaces the content script's requests to the background, whatever the page does: a page that floods or
 * churns its member list, or flips the room in its URL, can make the content script want many verdicts,
 * never ask faster than this. One pacer per content script, shared by the member list and the user view.
 *
 * The queue is bounded: a turn is given only to a request still wanted when its turn comes (a cache of a
 * room no longer shown, a user view showing someone else, are dropped without using a turn), and the
 * queue is swept of such requests as it grows. 10,000 room switches leave no backlog of turns.
 */

/** At most one request to the background every 250 ms: ≤ 4 requests, ≤ 8,000 user IDs a second. */
export const ASK_GAP_MS = 250;
/** Past this many waiting requests, those no longer wanted are dropped at once (live ones are one or two). */
const SWEEP_AT = 8;

interface Waiter {
  stillWanted: () => boolean;
  resolve: (go: boolean) => void;
}

export class AskPacer {
  private nextAt = Number.NEGATIVE_INFINITY;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly gapMs = ASK_GAP_MS) {}

  /**
   * Resolves true when the next request may leave (at once after a quiet spell, else in its turn), or
   * false when, by its turn, `stillWanted` says the request is no longer wanted: then nothing is sent.
   */
  turn(stillWanted: () => boolean = () => true): Promise<boolean> {
    return new Promise((resolve) => {
      this.queue.push({ stillWanted, resolve });
      if (this.queue.length > SWEEP_AT) this.sweep();
      this.schedule();
    });
  }

  /** Requests waiting for their turn (bounded: see SWEEP_AT). */
  get waiting(): number {
    return this.queue.length;
  }

  private sweep(): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const waiter = this.queue[i]!;
      if (waiter.stillWanted()) continue;
      this.queue.splice(i, 1);
      waiter.resolve(false);
    }
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const delay = this.nextAt - performance.now();
    if (delay <= 0) this.release();
    else this.timer = setTimeout(() => {
      this.timer = null;
      this.release();
    }, delay);
  }

  /** Gives the turn to the first request still wanted; those before it are dropped. */
  private release(): void {
    while (this.queue.length > 0) {
      const waiter = this.queue.shift()!;
      if (!waiter.stillWanted()) {
        waiter.resolve(false);
        continue;
      }
      this.nextAt = performance.now() + this.gapMs;
      waiter.resolve(true);
      break;
    }
    this.schedule();
  }
}
