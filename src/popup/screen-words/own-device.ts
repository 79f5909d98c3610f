/**
 * The words of the own-device screen: verifying one of your own devices by emoji or by comparing
 * its key, and what to do with a device you do not recognise. Beside strings.ts rather than in it:
 * only that screen, loaded when first shown, uses them.
 */
export const OWN_DEVICE_WORDS = {
  title: "Is this device yours?",
  unrecognised:
    "A device you do not recognise is not one to verify: sign it out (Element: Settings → Sessions) or reset your digital identity. Verifying it would let it read the messages people send you.",
  alreadyVerified: "This device is verified.",
  emojiTitle: "Compare emoji with that device",
  emojiHelp: "Open Element on that device and accept the request there; then compare the emoji on both screens.",
  emojiStart: "Verify with emoji",
  compareTitle: "Or compare its key",
  compareWhere: "On that device, open Element: Settings → Sessions → this session, and find its session key. It must read exactly as below.",
  compareRule: "Every group must match. If one differs, do not verify: sign the device out.",
  compareConfirm: "Every group matches: verify this device",
  signed: "Verified: this device is signed with your digital identity.",
  resetLink: "Reset your digital identity…",
} as const;
