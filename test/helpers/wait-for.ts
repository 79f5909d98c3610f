// The one module for waits and deadlines in tests. A test waits for something observable (a value,
// an event, an answer), never for a fixed time. Every wait has a deadline that only guards against
// a hung test: its expiry is a failure that says what never happened, not a timing assertion.

/** Resolves after `ms`; for pacing a poll, never for standing in for an event. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Checks `check` every `intervalMs` until it returns something other than undefined/false, and
 * returns that. A check that throws counts as "not yet" (a page still loading rejects evaluation);
 * after `limitMs` it fails naming `description` and the last error.
 */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, description: string, limitMs = 30_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + limitMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Gave up after ${limitMs} ms waiting for: ${description}${lastError ? ` (last error: ${String(lastError)})` : ""}`);
    }
    await pause(intervalMs);
  }
}

/** `promise`'s outcome, or a failure naming `what` if it has not settled within `limitMs`. */
export async function withDeadline<T>(promise: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${limitMs} ms: ${what}`)), limitMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
