/** Checks on what callers hand the store: bad input is refused with a clear error before anything is written. */

export function requireText(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0) throw new TypeError(`${what} must be a non-empty string`);
  return value;
}

export function requireTime(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new TypeError(`${what} must be a time in epoch milliseconds`);
  return value;
}
