/** Which actions each kind of finding offers (the handlers live in the background, issue 6). */
import type { FindingKind } from "../../core/verdicts.ts";

export type FindingAction = "acknowledge" | "pin" | "withdraw" | "verify-user" | "verify-device" | "cross-sign";

const ACTIONS: Record<FindingKind, FindingAction[]> = {
  "verification-violation": ["withdraw", "verify-user", "acknowledge"],
  "identity-changed": ["pin", "verify-user", "acknowledge"],
  "unsigned-device-of-verified-user": ["verify-device", "acknowledge"],
  "unsigned-device": ["verify-device", "acknowledge"],
  "new-unverified-device": ["verify-device", "acknowledge"],
  "own-unverified-device": ["cross-sign", "acknowledge"],
  "user-without-cross-signing": ["acknowledge"],
  "lookalike-name": ["verify-user", "acknowledge"],
};

export function actionsFor(kind: FindingKind, acknowledged: boolean): FindingAction[] {
  return ACTIONS[kind].filter((action) => !(acknowledged && action === "acknowledge"));
}
