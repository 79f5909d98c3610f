/**
 * The words of the passphrase lock: its part of Settings, and the screen shown while locked.
 * Beside strings.ts rather than in it: only screens that load when first shown use them, so the
 * popup opens without them.
 */
export const LOCK_WORDS = {
  title: "Passphrase lock",
  lockedTitle: "Matrix Trust Auditor is locked",
  lockedIntro: (userId: string) =>
    `Your session as ${userId} is locked: nothing is synced or audited, and badges on Element say "locked". Enter your passphrase to continue.`,
  passphrase: "Passphrase",
  unlock: "Unlock",
  unlocking: "Unlocking…",
  forgotTitle: "Forgot your passphrase?",
  forgotHelp:
    "Nobody can recover it. Sign out here and sign in again: this deletes this session's data in this browser. Its device cannot be signed out on the server while locked, so remove it from your account in another app afterwards.",
  forgotSignOut: "Sign out of the locked session",
  protection: {
    "data-key":
      "Your access token and this session's keys are encrypted, but with a key stored beside them in this browser profile. That stops tools that scan profiles for tokens; it does not stop someone who can read the whole profile. A passphrase keeps the key out of the profile.",
    passphrase:
      "Your access token and this session's keys are encrypted with a key that is stored only wrapped with your passphrase. After the browser restarts, the auditor stays locked until you enter it.",
    unencrypted:
      "This session was signed in by an earlier version: its access token and keys are stored unencrypted, and they cannot be locked where they are. To use a passphrase, sign in again; your findings and history are kept.",
  },
  lateLockNote:
    "Setting a passphrase now wraps this session's key, but the browser may keep the unwrapped key it stored so far in its files until it tidies them up. For a key that was never stored unwrapped, sign in again with \"Lock with a passphrase\" ticked (findings and history are kept).",
  signInLocked: "Sign in again with a passphrase",
  warning:
    "If you forget this passphrase, nobody can recover it: you will have to sign in again (your findings and history are kept, the session's keys are not).",
  newPassphrase: "New passphrase",
  repeat: "Repeat the passphrase",
  current: "Current passphrase",
  mismatch: "The two passphrases differ.",
  set: "Set passphrase",
  change: "Change passphrase",
  remove: "Remove passphrase",
  lockNow: "Lock now",
  signInAgain: "Sign in again (keeps findings and history)",
  setDone: "Passphrase set. The auditor locks when the browser restarts, or now with \"Lock now\".",
  changeDone: "Passphrase changed.",
  removeDone: "Passphrase removed. The key is kept in this browser profile again.",
} as const;
