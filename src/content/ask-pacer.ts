/**
 * Spaces the content script's requests to the background, whatever the page does: a page that floods or
 * churns its member list can make the content script want many verdicts, never ask faster than this.
 * One pacer per content script, shared by the member list and the user view.
 */

/** At most one request to the background every 250 ms: ≤ 4 requests, ≤ 8,000 user IDs a second. */
export const ASK_GAP_MS = 250;

export class AskPacer {
  private nextAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly gapMs = ASK_GAP_MS) {}

  /** Resolves when the next request may leave: at once after a quiet spell, else in its turn. */
  async turn(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.gapMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
