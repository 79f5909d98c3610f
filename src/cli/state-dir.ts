/**
 * Where the command line keeps its records between runs: one file per account in a state
 * directory, written atomically (a temporary file renamed over the old one, the old one kept as
 * `.bak`), and locked while a run uses it (a lock file naming the run's process; a lock left by a
 * process that no longer exists on this machine is taken over). Every failure is a `StateError`
 * in plain words, and none of them overwrites anything.
 */
import { closeSync, constants, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname, homedir } from "node:os";
import { join } from "node:path";

export class StateError extends Error {
  override readonly name = "StateError";
}

/** `$XDG_STATE_HOME/matrix-trust-auditor`, else `~/.local/state/matrix-trust-auditor` (the XDG default). */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith("/") ? env.XDG_STATE_HOME : join(homedir(), ".local", "state");
  return join(base, "matrix-trust-auditor");
}

/** The account's state file name: the Matrix ID, percent-encoded (reversible, no path separators). */
export function stateFileName(userId: string): string {
  return `${encodeURIComponent(userId)}.json`;
}

interface LockInfo {
  pid: number;
  host: string;
  since: number;
}

/** A lock file whose writer died before writing it is taken over after this long. */
const EMPTY_LOCK_GRACE_MS = 60_000;

/** The state file of one account, locked for this run. */
export class AccountStateFile {
  readonly path: string;
  readonly lockPath: string;
  readonly backupPath: string;
  private locked = false;

  private constructor(
    readonly dir: string,
    readonly userId: string,
  ) {
    this.path = join(dir, stateFileName(userId));
    this.lockPath = `${this.path}.lock`;
    this.backupPath = `${this.path}.bak`;
  }

  /**
   * Locks the account's state in `dir`. A directory given by the user must exist; the default one
   * is created (private to the user). `notice` hears about a stale lock taken over.
   */
  static lock(dir: string, userId: string, options: { create: boolean; notice?: (line: string) => void }): AccountStateFile {
    if (!existsSync(dir)) {
      if (!options.create)
        throw new StateError(`The state directory ${dir} does not exist. Create it (mkdir -p ${shellWord(dir)}) or choose another with --state-dir.`);
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
      } catch (error) {
        throw new StateError(`The state directory ${dir} could not be created (${reason(error)}). Choose another with --state-dir.`);
      }
    } else if (!statSync(dir).isDirectory()) {
      throw new StateError(`The state directory ${dir} is not a directory. Choose another with --state-dir.`);
    }
    const file = new AccountStateFile(dir, userId);
    file.acquire(options.notice ?? (() => undefined));
    return file;
  }

  private acquire(notice: (line: string) => void): void {
    const mine: LockInfo = { pid: process.pid, host: hostname(), since: Date.now() };
    for (let attempt = 0; attempt < 2; attempt++) {
      let fd: number;
      try {
        fd = openSync(this.lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      } catch (error) {
        if (errno(error) !== "EEXIST") throw this.unwritable(error);
        const holder = this.readLock();
        if (holder === "in-use" || (holder && !isStale(holder)))
          throw new StateError(
            `Another run is using the state of ${this.userId} in ${this.dir}` +
              (holder === "in-use" ? "" : ` (process ${holder.pid} on ${holder.host}, since ${new Date(holder.since).toISOString()})`) +
              `. Wait for it to finish. If no such run exists any more, delete ${this.lockPath}.`,
          );
        notice(`Note: taking over the lock of a run that ended without releasing it (${holder ? `process ${holder.pid}` : "empty lock file"}).`);
        try {
          unlinkSync(this.lockPath);
        } catch (e) {
          if (errno(e) !== "ENOENT") throw this.unwritable(e);
        }
        continue;
      }
      try {
        writeSync(fd, JSON.stringify(mine));
      } finally {
        closeSync(fd);
      }
      this.locked = true;
      return;
    }
    throw new StateError(`Another run took the lock of ${this.userId} in ${this.dir} at the same moment. Try again.`);
  }

  /** The lock's holder; null for a lock nobody can hold any more (empty and old); "in-use" when it cannot be read but may be live. */
  private readLock(): LockInfo | null | "in-use" {
    try {
      const info = JSON.parse(readFileSync(this.lockPath, "utf8")) as Partial<LockInfo>;
      if (typeof info.pid === "number" && typeof info.host === "string" && typeof info.since === "number") return info as LockInfo;
    } catch {
      // Empty or half-written: its writer may still be writing it.
    }
    try {
      return Date.now() - statSync(this.lockPath).mtimeMs > EMPTY_LOCK_GRACE_MS ? null : "in-use";
    } catch {
      return null;
    }
  }

  /** The stored text, or null when the account has no state yet. Throws a StateError when it cannot be read. */
  read(): string | null {
    try {
      return readFileSync(this.path, "utf8");
    } catch (error) {
      if (errno(error) === "ENOENT") return null;
      throw this.unreadable(reason(error));
    }
  }

  /** The error for a state file that exists but cannot be used: nothing is overwritten. */
  unreadable(why: string): StateError {
    const backup = existsSync(this.backupPath) ? ` The state before the last run that wrote it is in ${this.backupPath}.` : "";
    return new StateError(
      `The state of ${this.userId} in ${this.path} cannot be read (${why}). Nothing was changed.${backup} ` +
        `To start again from a new baseline, move ${this.path} away; to go back, copy the backup over it.`,
    );
  }

  /** Replaces the state file atomically; the previous one is kept as `.bak`. */
  write(text: string): void {
    const temp = `${this.path}.tmp-${process.pid}`;
    try {
      const fd = openSync(temp, "w", 0o600);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (existsSync(this.path)) copyFileSync(this.path, this.backupPath);
      renameSync(temp, this.path);
      syncDir(this.dir);
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // Never created, or already renamed.
      }
      throw this.unwritable(error);
    }
  }

  private unwritable(error: unknown): StateError {
    return new StateError(
      `The state directory ${this.dir} cannot be written (${reason(error)}). Nothing was changed; make it writable or choose another with --state-dir.`,
    );
  }

  /** Releases the lock (if this run still holds it). */
  release(): void {
    if (!this.locked) return;
    this.locked = false;
    const holder = this.readLock();
    if (holder && holder !== "in-use" && holder.pid === process.pid && holder.host === hostname()) {
      try {
        unlinkSync(this.lockPath);
      } catch {
        // Gone already.
      }
    }
  }
}

function isStale(holder: LockInfo): boolean {
  if (holder.host !== hostname()) return false; // another machine's process cannot be checked
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return errno(error) === "ESRCH";
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some systems cannot sync a directory; the rename itself is still atomic.
  }
}

function errno(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

function reason(error: unknown): string {
  switch (errno(error)) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "read-only file system";
    case "ENOSPC":
      return "no space left on the device";
    case "EISDIR":
      return "it is a directory";
  }
  return error instanceof Error ? error.message : String(error);
}

function shellWord(text: string): string {
  return /^[\w./~-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
