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
  /** Short, for the accessible label and tooltip: "Verified, 2 unsigned devices". */
  label: string;
  /** One line per fact, for the inline detail. */
  lines: string[];
}

export function describeBadge(badge: MemberBadge): BadgeText {
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
