/** Errors cross the boundary as data, never as thrown exceptions. */
export type ErrorCode =
  | "bad-request"
  | "forbidden"
  | "not-signed-in"
  | "wrong-password"
  | "unknown-server"
  | "server-unreachable"
  | "server-error"
  | "rate-limited"
  | "storage"
  | "internal"
  // The passphrase lock: a wrong passphrase, a request refused while locked, a lock that needs a new sign-in.
  | "wrong-passphrase"
  | "locked"
  | "needs-sign-in"
  // Verification and repair flows (issue 6; src/core/verification/errors.ts says what each means).
  | "wrong-recovery-key"
  | "no-recovery"
  | "auth-unsupported"
  | "identity-exists"
  | "no-identity"
  | "confirmation-required"
  | "needs-dm"
  | "unknown-flow"
  | "unknown-device"
  | "key-mismatch"
  | "wrong-step";

export interface ProtocolError {
  code: ErrorCode;
  /** Plain words for the user: what happened and what to do. */
  message: string;
  /** For "rate-limited": how long the server asked us to wait before trying again. */
  retryAfterMs?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
/** A refused answer with its code and a plain-words message for the user. */
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
