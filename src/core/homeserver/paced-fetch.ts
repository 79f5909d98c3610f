/**
 * The session client's fetch, made safe against a failing or hostile homeserver:
 *
 * - Deadlines. matrix-js-sdk waits for a /sync answer for the long-poll time plus 80 s (the status
 *   would say "syncing" all that time), and for most other requests without any limit (a hung
 *   request would be held open for good). Here /sync gets its long-poll time plus a margin,
 *   everything else a fixed limit.
 * - Pacing. A /sync answered with the very token it was asked with makes no progress; a server
 *   doing that (at once, every time) would spin the background at full speed. Repeats of the same
 *   `since` are spaced out, doubling up to a cap; a changed token resets it. Normal long polls are
 *   never delayed: they already take the poll time.
 */

export interface PacingOptions {
  /** Limit for a request other than /sync. */
  requestTimeoutMs: number;
  /** Added to a /sync request's own `timeout` parameter. */
  syncMarginMs: number;
  /** First and largest wait between two /sync requests with the same `since`. */
  repeatMinMs: number;
  repeatMaxMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_PACING: PacingOptions = { requestTimeoutMs: 60_000, syncMarginMs: 15_000, repeatMinMs: 500, repeatMaxMs: 30_000 };

export function pacedFetch(fetchFn: typeof fetch, options: PacingOptions = DEFAULT_PACING): typeof fetch {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let lastSince: string | null = null;
  let lastStart = 0;
  let repeatWait = 0;
  let lastPollMs = 0;

  return async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const isSync = url.pathname.endsWith("/sync");
    let limit = options.requestTimeoutMs;
    if (isSync) {
      const since = url.searchParams.get("since");
      const pollMs = Number(url.searchParams.get("timeout")) || 0;
      // A server that held the last request for its whole long poll is not spinning.
      const heldFullPoll = lastPollMs > 0 && now() - lastStart >= lastPollMs;
      if (since !== null && since === lastSince && !heldFullPoll) {
        repeatWait = repeatWait === 0 ? options.repeatMinMs : Math.min(repeatWait * 2, options.repeatMaxMs);
        const due = lastStart + repeatWait - now();
        if (due > 0) await sleep(due);
      } else {
        repeatWait = 0;
      }
      lastSince = since;
      lastStart = now();
      lastPollMs = pollMs;
      limit = pollMs + options.syncMarginMs;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException("The homeserver did not answer in time", "TimeoutError")), limit);
    // The caller's own abort (the SDK stopping its sync loop) still applies.
    const outer = init?.signal;
    if (outer?.aborted) controller.abort(outer.reason);
    else outer?.addEventListener("abort", () => controller.abort(outer.reason), { once: true });
    try {
      return await fetchFn(input, { ...init, signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  };
}
