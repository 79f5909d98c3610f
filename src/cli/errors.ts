/** The command line's failures: each carries the words the user sees, and every one ends the run with exit status 2. */
import { SessionError } from "../core/homeserver/errors.ts";
import { VerificationError } from "../core/verification/errors.ts";
import { StorageError } from "../store/errors.ts";
import { StateError } from "./state-dir.ts";

export class CliError extends Error {}

/** The message for a failure: the product's own words where there are some, else what went wrong. */
export function errorText(error: unknown): string {
  if (error instanceof CliError || error instanceof SessionError || error instanceof VerificationError || error instanceof StateError) return error.message;
  if (error instanceof StorageError) return error.userMessage;
  if (error instanceof Error) return `Unexpected problem: ${error.message}`;
  return `Unexpected problem: ${String(error)}`;
}
