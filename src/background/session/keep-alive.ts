/**
 * Keeps the background from being stopped while a piece of work the user is waiting for (a sign-in,
 * a sign-out, an alarm's sync) is still running. Both browsers stop an idle background, Firefox even
 * with a message answer pending; both count a call into an extension API as activity. So while the
 * work runs, a cheap API call is made every few hundred milliseconds; when it ends, the background
 * is free to go idle again. Nothing keeps it alive beyond the work itself.
 */
import browser from "webextension-polyfill";

/** Shorter than any idle limit a browser (or a test profile) uses. */
const ACTIVITY_INTERVAL_MS = 400;
/** No piece of work keeps the background up longer than this, even one that never ends. */
const LONGEST_MS = 2 * 60_000;

export async function keepAliveWhile<T>(work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - started > LONGEST_MS) return clearInterval(timer);
    void browser.alarms.get("keep-alive-probe").catch(() => undefined);
  }, ACTIVITY_INTERVAL_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
