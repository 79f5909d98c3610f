/** Words for a session's verdict, in the right panel's session list. */
import type { DeviceVerdict } from "../core/verdicts.ts";
import type { BadgeLevel } from "./words.ts";

export const DEVICE_WORDS: Record<DeviceVerdict, { words: string; level: BadgeLevel }> = {
  verified: { words: "Verified", level: "ok" },
  "locally-verified": { words: "Verified on this device only", level: "ok" },
  "cross-signed": { words: "Signed by its owner, owner not verified", level: "neutral" },
  unsigned: { words: "Not signed by its owner", level: "warning" },
  "no-cross-signing": { words: "Owner has no digital identity", level: "notice" },
  "no-encryption": { words: "No encryption keys", level: "neutral" },
};
