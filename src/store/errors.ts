/**
 * One typed error for everything that can go wrong in the records database, so callers (the
 * background) can tell the user what happened instead of the failure being swallowed.
 */

export type StorageErrorKind =
  /** The browser refused to store more (`QuotaExceededError`). */
  | "quota"
  /** An upgrade cannot run because another connection (an older extension page or worker) holds the database open. */
  | "blocked"
  /** This connection was closed (a newer version needed the database, or the browser closed it); reopen it. */
  | "closed"
  /** The database on disk is newer than this code (the extension was downgraded). */
  | "version"
  | "other";

const USER_MESSAGES: Record<StorageErrorKind, string> = {
  quota: "The browser has no more storage space for the auditor's records. Free some disk space or export and clear old history.",
  blocked: "The auditor's records cannot be upgraded while another extension page keeps them open. Close other extension pages and try again.",
  closed: "The auditor's records were closed, probably because the extension was updated. Reopen the extension.",
  version: "The auditor's records were written by a newer version of the extension. Update the extension; nothing was changed.",
  other: "The auditor's records could not be read or written.",
};

export class StorageError extends Error {
  override readonly name = "StorageError";
  readonly kind: StorageErrorKind;
  /** Plain words for the user: what happened and what to do. */
  readonly userMessage: string;

  constructor(kind: StorageErrorKind, detail?: string, options?: { cause?: unknown }) {
    const userMessage = USER_MESSAGES[kind];
    super(detail ? `${userMessage} (${detail})` : userMessage, options);
    this.kind = kind;
    this.userMessage = userMessage;
  }
}

/** Maps whatever IndexedDB threw (a DOMException, usually) to a StorageError; keeps StorageErrors as they are. */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case "QuotaExceededError":
      return new StorageError("quota", message, { cause: error });
    case "VersionError":
      return new StorageError("version", message, { cause: error });
    case "InvalidStateError":
      // IndexedDB's word for "this connection is closing or closed".
      return new StorageError("closed", message, { cause: error });
    default:
      return new StorageError("other", message || name || "unknown error", { cause: error });
  }
}
