/**
 * Which actions each kind of finding offers (the handlers live in the background, issue 6). No
 * action changes trust from the card itself: accepting an identity opens the screen that shows the
 * new key ("review-identity"), and one's own device opens its comparison screen ("verify-own-device").
 */
import type { FindingKind } from "../../core/verdicts.ts";

export type FindingAction = "acknowledge" | "review-identity" | "verify-user" | "verify-device" | "verify-own-device";

const ACTIONS: Record<FindingKind, FindingAction[]> = {
  "verification-violation": ["verify-user", "review-identity", "acknowledge"],
  "identity-changed": ["verify-user", "review-identity", "acknowledge"],
  "unsigned-device-of-verified-user": ["verify-device", "acknowledge"],
  "unsigned-device": ["verify-device", "acknowledge"],
  "new-unverified-device": ["verify-device", "acknowledge"],
  "own-unverified-device": ["verify-own-device", "acknowledge"],
  "user-without-cross-signing": ["acknowledge"],
  "lookalike-name": ["verify-user", "acknowledge"],
};

export function actionsFor(kind: FindingKind, acknowledged: boolean): FindingAction[] {
  return ACTIONS[kind].filter((action) => !(acknowledged && action === "acknowledge"));
}
