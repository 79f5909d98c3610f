/**
 * Resolving another person's identity change: accept the new identity (`pinCurrentUserIdentity`),
 * or, when a verified person's identity changed, stop requiring verification
 * (`withdrawVerificationRequirement`). Re-verifying them is a `VerificationFlows.verifyUser` flow.
 */
import type { MatrixClient } from "matrix-js-sdk";
import type { IdentityResolution } from "../verdicts.ts";
import { VerificationError } from "./errors.ts";
import { requireCrypto } from "./crypto.ts";

export interface UserIdentityState {
  userId: string;
  known: boolean;
  verified: boolean;
  wasVerified: boolean;
  needsUserApproval: boolean;
  /** The master key this session currently sees, or null. */
  masterKey: string | null;
}

/**
 * How this session sees a person's digital identity; `masterKey` is null when none is known.
 * Throws a VerificationError `wrong-step` when encryption is not running.
 */
export async function readUserIdentity(client: MatrixClient, userId: string): Promise<UserIdentityState> {
  const crypto = requireCrypto(client);
  const [status, keys] = await Promise.all([
    crypto.getUserVerificationStatus(userId),
    crypto.getUserCrossSigningKeys(userId),
  ]);
  const masterKey = keys?.master_key ? (Object.values(keys.master_key.keys)[0] ?? null) : null;
  return {
    userId,
    known: status.known,
    verified: status.isCrossSigningVerified(),
    wasVerified: status.wasCrossSigningVerified(),
    needsUserApproval: status.needsUserApproval,
    masterKey,
  };
}

/**
 * Applies the user's decision about the identity they were shown; returns the identity state
 * afterwards. `shownMasterKey` is the master key the user saw when deciding: if the person's current
 * one differs (the server swapped it again meanwhile), nothing is accepted or withdrawn.
 */
export async function resolveIdentityChange(
  client: MatrixClient,
  userId: string,
  resolution: Exclude<IdentityResolution, "re-verified">,
  shownMasterKey: string,
): Promise<UserIdentityState> {
  if (userId === client.getSafeUserId())
    throw new VerificationError("wrong-step", "Your own identity is managed under “your digital identity”.");
  const crypto = requireCrypto(client);
  const before = await readUserIdentity(client, userId);
  if (!before.known || before.masterKey === null)
    throw new VerificationError("no-identity", "This session knows no identity for that person.");
  if (before.masterKey !== shownMasterKey)
    throw new VerificationError(
      "key-mismatch",
      "This person's digital identity changed again since it was shown to you, so nothing was changed. Look at the new one first.",
    );
  if (resolution === "pinned") {
    if (!before.needsUserApproval)
      throw new VerificationError("wrong-step", "That person's identity has not changed since you last accepted it.");
    await crypto.pinCurrentUserIdentity(userId);
  } else {
    if (!(before.wasVerified && !before.verified))
      throw new VerificationError("wrong-step", "You have not lost verification of that person, so there is nothing to withdraw.");
    await crypto.withdrawVerificationRequirement(userId);
  }
  return readUserIdentity(client, userId);
}
