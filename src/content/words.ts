/** The badge's words: what a member's verdict and findings mean, in the product's one vocabulary (src/core/words.ts). */
import type { Severity, Tone } from "../core/verdicts.ts";
import { FINDING_COUNT_WORDS, LOCKED_WORDS, USER_VERDICT_TONE, USER_VERDICT_WORDS } from "../core/words.ts";
import type { BadgeVerdict, MemberBadge } from "../protocol/messages.ts";

export type BadgeLevel = "ok" | "neutral" | Severity;

/** The badges call the core's "good" tone "ok". */
export function levelOf(tone: Tone): BadgeLevel {
  return tone === "good" ? "ok" : tone;
}

const verdictWords = (verdict: BadgeVerdict): string => (verdict === "locked" ? LOCKED_WORDS : USER_VERDICT_WORDS[verdict]);
const verdictLevel = (verdict: BadgeVerdict): BadgeLevel => (verdict === "locked" ? "neutral" : levelOf(USER_VERDICT_TONE[verdict]));

const LEVEL_RANK: Record<BadgeLevel, number> = { ok: 0, neutral: 0, notice: 1, warning: 2, critical: 3 };

export interface BadgeText {
  level: BadgeLevel;
  /** Short, for the accessible label: "Verified, 2 unsigned devices". */
  label: string;
  /** One line per fact, for the inline detail. */
  lines: string[];
}

/** Said first, and the badge never green, while the room's audit is out of date (its last update failed). */
export const OUT_OF_DATE_WORDS = "Out of date: the last check of this room failed and is being retried";

export function describeBadge(badge: MemberBadge): BadgeText {
  if (badge.outOfDate) {
    const current = describeBadge({ ...badge, outOfDate: undefined } as MemberBadge);
    const lines = [OUT_OF_DATE_WORDS, `Last known: ${current.label}`];
    return { level: "neutral", label: lines.join(". "), lines };
  }
  let level = verdictLevel(badge.verdict);
  const lines = [verdictWords(badge.verdict)];
  // Two kinds can say the same words (unsigned devices of a verified user or not): add their counts.
  const counts = new Map<(n: number) => string, number>();
  for (const finding of badge.findings) {
    if (LEVEL_RANK[finding.severity] > LEVEL_RANK[level]) level = finding.severity;
    const words = FINDING_COUNT_WORDS[finding.kind];
    if (words && finding.count > 0) counts.set(words, (counts.get(words) ?? 0) + finding.count);
  }
  for (const [words, count] of counts) lines.push(words(count));
  return { level, label: lines.join(", "), lines };
}
