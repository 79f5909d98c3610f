/**
 * The words of the sign-in form.
 * Beside strings.ts rather than in it: only screens that load when first shown use them, so the
 * popup opens without them.
 */
export const SIGN_IN_WORDS = {
  title: "Sign in to audit your rooms",
  intro:
    "The auditor signs in as a new device of your account, so it can check who can read your encrypted rooms. Your password goes only to your homeserver.",
  homeserver: "Homeserver",
  homeserverHint: "A server name such as matrix.org, or the full address",
  user: "User name or Matrix ID",
  password: "Password",
  accessToken: "Access token",
  accessTokenHint:
    "For servers that only offer single sign-on: a token for a new device (never one of another app, whose encryption it would break).",
  useToken: "Use an access token instead",
  usePassword: "Use a password instead",
  resolving: "Looking up the homeserver…",
  resolvedTo: (baseUrl: string) => `Homeserver found: ${baseUrl}`,
  signIn: "Sign in",
  signingIn: "Signing in… (setting up encryption)",
  withLock: "Lock with a passphrase (asked again after the browser restarts)",
  lockWarning:
    "If you forget this passphrase, nobody can recover it: you will have to sign in again (your findings and history are kept, the session's keys are not).",
  lockPassphrase: "Passphrase",
  lockRepeat: "Repeat the passphrase",
  lockMismatch: "The two passphrases differ.",
  permissionRefused: (origin: string) =>
    `The extension needs your permission to talk to ${origin.replace(/\/\*$/, "")}. Nothing was stored; sign in again and allow it.`,
  permissionUnavailable: "The browser could not ask for permission to reach that homeserver. Nothing was stored.",
  homeserverPlaceholder: "matrix.org",
  userPlaceholder: "@alice:matrix.org",
} as const;
