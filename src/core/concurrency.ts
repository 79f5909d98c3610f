/**
 * Runs `work` over `items` with at most `limit` calls in flight, keeping the input order.
 * Thousands of simultaneous calls into the Rust crypto are far slower than a few at a time
 * (measured: 3,000 parallel device lookups took 5× as long as one after another), so the audit
 * never starts them all at once.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
