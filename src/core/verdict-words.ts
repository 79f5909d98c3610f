/**
 * The plain-language name of each user verdict, said the same way by the popup and the member-list
 * badges (MSC4161 vocabulary: "digital identity"). Defined once so the two can never disagree.
 */
import type { UserVerdict } from "./verdicts.ts";

export const USER_VERDICT_WORDS: Record<UserVerdict, string> = {
  me: "You",
  verified: "Verified",
  "verification-violation": "Was verified, identity changed",
  "identity-changed": "Identity changed",
  unverified: "Not verified",
  "no-cross-signing": "No digital identity",
};
