/** Follows the client's sync loop and describes it in the protocol's words. */
import { ClientEvent, SyncState, type MatrixClient } from "matrix-js-sdk";
import type { SessionStatus } from "../../protocol/messages.ts";

export type SyncDescription = NonNullable<SessionStatus["sync"]>;

export class SyncTracker {
  private state: SyncDescription["state"] = "stopped";
  private offlineSince: number | undefined;
  private lastError: string | undefined;
  /** When the last /sync answer was processed. */
  lastSyncAt: number | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A session that exists but whose client is not yet syncing is catching up. */
  resuming(): void {
    this.state = "catching-up";
  }

  stopped(): void {
    this.state = "stopped";
  }

  /** The client could not be started at all: nothing syncs, and the status says why. */
  failed(reason: string): void {
    this.state = "stopped";
    this.lastError = reason;
  }

  attach(client: MatrixClient): void {
    client.on(ClientEvent.Sync, (state, _previous, data) => {
      switch (state) {
        case SyncState.Prepared:
        case SyncState.Syncing:
          this.state = data?.catchingUp ? "catching-up" : "syncing";
          this.offlineSince = undefined;
          this.lastSyncAt = this.now();
          for (const wake of this.waiters) wake();
          this.waiters.clear();
          break;
        case SyncState.Catchup:
          this.state = "catching-up";
          break;
        case SyncState.Reconnecting:
        case SyncState.Error:
          this.state = "offline";
          this.offlineSince ??= this.now();
          if (data?.error) this.lastError = data.error.message;
          break;
        case SyncState.Stopped:
          this.state = "stopped";
          break;
      }
    });
  }

  /** Resolves at the next processed /sync answer, or after `timeoutMs` (answering whether it synced). */
  nextSync(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }

  describe(): SyncDescription {
    const description: SyncDescription = { state: this.state };
    if (this.offlineSince !== undefined) description.offlineSince = this.offlineSince;
    if (this.lastError !== undefined) description.lastError = this.lastError;
    return description;
  }
}
