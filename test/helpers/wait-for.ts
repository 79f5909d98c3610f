// Waits until a condition holds (checked on an interval). The limit only guards against a hung
// test; its expiry is a failure that says what never happened, not a timing assertion.

export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, description: string, limitMs = 30_000): Promise<T> {
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
      throw new Error(`Gave up waiting for: ${description}${lastError ? ` (last error: ${String(lastError)})` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
