/** The command line's failures: each carries the words the user sees, and every one ends the run with exit status 2. */

export class CliError extends Error {
  override readonly name = "CliError";
}

/**
 * Errors whose message is already the product's words for the user: the session's (SessionError),
 * the verification flows' (VerificationError), the state directory's (StateError) and ours. Told
 * apart by name, so that reporting an error does not load matrix-js-sdk.
 */
const WORDED = new Set(["CliError", "SessionError", "VerificationError", "StateError"]);

/** The message for a failure: the product's own words where there are some, else what went wrong. */
export function errorText(error: unknown): string {
  if (error instanceof Error && WORDED.has(error.name)) return error.message;
  if (error instanceof Error && error.name === "StorageError" && "userMessage" in error) return String(error.userMessage);
  if (error instanceof Error) return `Unexpected problem: ${error.message}`;
  return `Unexpected problem: ${String(error)}`;
}
