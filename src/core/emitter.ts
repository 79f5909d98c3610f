/** A minimal typed event emitter: core must run in Node and in extension workers alike. */
export class Emitter<Events extends Record<string, (arg: never) => void>> {
  private readonly listeners = new Map<keyof Events, Set<(arg: never) => void>>();

  /** Returns a function that removes the listener. */
  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  protected emit<K extends keyof Events>(event: K, arg: Parameters<Events[K]>[0]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (a: typeof arg) => void)(arg);
  }
}
