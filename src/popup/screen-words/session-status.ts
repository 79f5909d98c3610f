/**
 * The words of the session status view (this session, sync, encryption, digital identity).
 * Beside strings.ts rather than in it: only screens that load when first shown use them, so the
 * popup opens without them.
 */
export const SESSION_STATUS_WORDS = {
  title: "This session",
  user: "Signed in as",
  homeserver: "Homeserver",
  device: "This device",
  fingerprint: "Fingerprint (ed25519)",
  sync: "Sync",
  syncState: {
    syncing: "Up to date, following changes",
    "catching-up": "Catching up with the server…",
    offline: "Offline",
    stopped: "Stopped",
  },
  offlineSince: (when: string) => `Offline since ${when}`,
  lastError: "Last error",
  crypto: "Encryption",
  cryptoReady: "Ready",
  cryptoOpening: "Opening the encryption store…",
  crossSigning: "Digital identity",
  crossSigningReady: "Ready: this session is verified and can vouch for your devices",
  crossSigningNotReady: "This session is not verified yet: verify it to trust your other devices and people",
  facts: {
    publicKeysOnDevice: "Your digital identity's public keys are known here",
    privateKeysInSecretStorage: "Your private keys are kept in secret storage on the server",
    masterKey: "Master key cached here",
    selfSigningKey: "Self-signing key cached here",
    userSigningKey: "User-signing key cached here",
  },
  yes: "yes",
  no: "no",
} as const;
