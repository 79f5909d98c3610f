/**
 * The words of the digital identity screens (verify this session, recovery key, set up, reset, identity changes), in
 * MSC4161's vocabulary: "digital identity", "recovery key", "reset", "withdraw verification"; no
 * "cross-signing" or "TOFU" on screen.
 * Beside strings.ts rather than in it: only screens that load when first shown use them, so the
 * popup opens without them.
 */
export const IDENTITY_WORDS = {
  title: "Your digital identity",
  intro:
    "Your digital identity lets your devices vouch for each other and for the people you verify. This audit can only tell verified people from impostors once this session is verified with it.",
  facts: {
    label: "Details",
    identityPublished: "Your account has a digital identity",
    sessionVerified: "This session is verified with it",
    recoverySetUp: "A recovery key protects it",
    keysInStorage: "Its keys are stored, locked by your recovery key",
    keysHere: "Its keys are on this session",
    yes: "Yes",
    no: "No",
  },
  recover: {
    heading: "Verify with your recovery key",
    help: "Enter your recovery key (48 letters and digits, in groups of four) or the passphrase you chose for it. It is used once and never stored.",
    label: "Recovery key or passphrase",
    submit: "Verify this session",
    done: "This session is verified.",
  },
  otherDevice: {
    heading: "Verify with another of your devices",
    help: "Open Element (or another app) on a device that is already verified; it will ask you to compare seven emoji.",
    start: "Send a request to my other devices",
  },
  setup: {
    heading: "Set up your digital identity",
    help: "Creates your digital identity and a recovery key that protects it. You will need the recovery key to verify new sessions.",
    start: "Set up",
    finish: "Finish set-up",
  },
  reset: {
    heading: "Reset your digital identity",
    warning:
      "Only reset if you lost your recovery key and have no other verified device. Everyone who verified you will see a warning and must verify you again, and your other devices become unverified until you verify them again.",
    understand: "I understand: replace my digital identity and recovery key",
    start: "Reset…",
    finish: "Reset my identity",
  },
  key: {
    heading: "Your new recovery key",
    onlyOnce: "This is the only time it is shown. Save it somewhere safe (a password manager, or printed and stored away).",
    copy: "Copy",
    copied: "Copied",
    download: "Download as a file",
    saved: "I saved my recovery key",
    password: "Account password",
    passwordHelp: "Your server may ask for it to confirm the change.",
    abandon: "Cancel",
  /** The downloaded recovery key's file. */
  fileName: "matrix-recovery-key.txt",
  fileText: (recoveryKey: string) => `Matrix recovery key\n\n${recoveryKey}\n\nKeep it safe: it unlocks your digital identity.\n`,
  },
  prompt: {
    heading: "Your recovery key is needed",
    help: "The encryption asked for your recovery key to read your stored identity keys.",
    submit: "Use this key",
    decline: "Not now",
  },
  incoming: {
    heading: "Verification requests",
    open: "Open",
    fromOwnDevice: "Another of your devices",
  },
  change: {
    title: "Digital identity changed",
    changed: "This person's digital identity is not the one you saw before.",
    violation: "You had verified this person, but their digital identity changed since. Messages to them may fail until you deal with it.",
    settled: "Nothing to resolve: you have accepted or verified this person's current identity.",
    why: "This happens when someone resets their identity (for example after losing their recovery key), or when someone else is posing as them. If you can, ask them in person or by another channel, then verify them again by emoji.",
    currentKey: "Their identity key now",
    verifyHelp: "The safe way: compare emoji with them, in person or on a call you trust.",
    accept: "Accept new identity",
    acceptHelp:
      "Accepting trusts the key above as theirs without checking it: do it only if they told you they reset their identity. They stay unverified.",
    withdraw: "Withdraw verification",
    withdrawHelp: "Withdrawing stops warning about this change and treats them as not verified, without checking the new key.",
  },
  done: "Done.",
  loading: "Loading…",
} as const;
