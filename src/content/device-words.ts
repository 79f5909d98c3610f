/** Words for a session's verdict, in the right panel's session list (src/core/words.ts). */
import type { DeviceVerdict } from "../core/verdicts.ts";
import { DEVICE_VERDICT_TONE, DEVICE_VERDICT_WORDS } from "../core/words.ts";
import { levelOf, type BadgeLevel } from "./words.ts";

export function deviceWords(verdict: DeviceVerdict): { words: string; level: BadgeLevel } {
  return { words: DEVICE_VERDICT_WORDS[verdict], level: levelOf(DEVICE_VERDICT_TONE[verdict]) };
}
