/**
 * Why a verification or repair flow stopped. Every flow ends either in the state the Matrix API
 * promises or with one of these, carrying plain words for the user; nothing half-done is left behind.
 */
export type VerificationErrorCode =
  /** The recovery key or passphrase does not open this account's secret storage. */
  | "wrong-recovery-key"
  /** The account has no secret storage (no recovery key was ever set up). */
  | "no-recovery"
  /** The account password was refused during User-Interactive Auth. */
  | "wrong-password"
  /** The server asks for a kind of authentication this extension cannot do (e.g. SSO only). */
  | "auth-unsupported"
  /** Setting up would replace an existing digital identity: that needs the explicit reset flow. */
  | "identity-exists"
  /** The action needs a digital identity the account (or the other user) does not have. */
  | "no-identity"
  /** A destructive action was asked for without its explicit confirmation. */
  | "confirmation-required"
  /** The other side, or the user, cancelled the verification. */
  | "cancelled"
  /** The emoji did not match. */
  | "mismatch"
  /** Nobody answered in time. */
  | "timed-out"
  /** Verifying a person needs a direct chat with them, and there is none yet (ask before creating one). */
  | "needs-dm"
  | "unknown-device"
  /** The key the user was shown (a device's fingerprint, a master key) is not the current one: nothing was changed. */
  | "key-mismatch"
  | "unknown-flow"
  /** The action does not fit the flow's current step. */
  | "wrong-step";

export class VerificationError extends Error {
  constructor(
    readonly code: VerificationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "VerificationError";
  }
}

/** Whether `e` is a VerificationError (with a code the popup can act on). */
export const isVerificationError = (e: unknown): e is VerificationError => e instanceof VerificationError;
