/** The badge's words: what a member's verdict and findings mean, in plain language. */
import type { FindingKind, Severity, UserVerdict } from "../core/verdicts.ts";
import type { BadgeVerdict, MemberBadge } from "../protocol/messages.ts";
import { USER_VERDICT_WORDS } from "../core/verdict-words.ts";

export type BadgeLevel = "ok" | "neutral" | Severity;

const VERDICT_WORDS: Record<BadgeVerdict, string> = {
  ...USER_VERDICT_WORDS,
  locked: "Locked: open Matrix Trust Auditor and enter your passphrase",
};

const VERDICT_LEVEL: Record<BadgeVerdict, BadgeLevel> = {
  locked: "neutral",
  me: "neutral",
  verified: "ok",
  "verification-violation": "critical",
  "identity-changed": "warning",
  unverified: "neutral",
  "no-cross-signing": "notice",
};

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** Words for one finding kind; null where the verdict already says it. */
const FINDING_WORDS: Record<FindingKind, ((count: number) => string) | null> = {
  "verification-violation": null,
  "identity-changed": null,
  "user-without-cross-signing": null,
  "unsigned-device-of-verified-user": (n) => plural(n, "unsigned device", "unsigned devices"),
  "unsigned-device": (n) => plural(n, "unsigned device", "unsigned devices"),
  "own-unverified-device": (n) => plural(n, "unverified device of yours", "unverified devices of yours"),
  "new-unverified-device": (n) => (n === 1 ? "New device" : `${n} new devices`),
  "lookalike-name": () => "Name looks like another member's",
};

const LEVEL_RANK: Record<BadgeLevel, number> = { ok: 0, neutral: 0, notice: 1, warning: 2, critical: 3 };

export interface BadgeText {
  level: BadgeLevel;
  /** Short, for the accessible label and tooltip: "Verified, 2 unsigned devices". */
  label: string;
  /** One line per fact, for the inline detail. */
  lines: string[];
}

export function describeBadge(badge: MemberBadge): BadgeText {
  let level = VERDICT_LEVEL[badge.verdict];
  const lines = [VERDICT_WORDS[badge.verdict]];
  // Two kinds can say the same words (unsigned devices of a verified user or not): add their counts.
  const counts = new Map<(n: number) => string, number>();
  for (const finding of badge.findings) {
    if (LEVEL_RANK[finding.severity] > LEVEL_RANK[level]) level = finding.severity;
    const words = FINDING_WORDS[finding.kind];
    if (words && finding.count > 0) counts.set(words, (counts.get(words) ?? 0) + finding.count);
  }
  for (const [words, count] of counts) lines.push(words(count));
  return { level, label: lines.join(", "), lines };
}
