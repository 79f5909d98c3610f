/**
 * What this account has seen of other people's digital identities, for a session whose crypto
 * forgets between runs. The command line signs in as a new device each time, with its crypto in
 * memory: on its own it would see Bob, whom the account verified before he reset his identity, as
 * merely "unverified". The extension's crypto store remembers the pinned master key and whether the
 * identity was verified; this memory keeps the same two facts and applies the crypto's rules:
 *
 * - the first master key seen is pinned;
 * - a verified identity stays "was verified" (also across later changes);
 * - was verified and is not now: "verification-violation" (checked first, as the crypto does);
 * - a master key other than the pinned one, not verified: "identity-changed";
 * - verifying a key pins it.
 *
 * A session that does not trust the account's own identity (no recovery key given) cannot see
 * anyone verified: then only a key other than the pinned one is judged (a violation if the pinned
 * one was verified), and "was verified" is not learned.
 */
import type { UserTrust } from "./user-trust.ts";

export interface RememberedIdentity {
  userId: string;
  /** The first master key seen, or the last one seen verified. */
  pinnedMasterKey: string;
  /** The account verified this person's identity at some time. */
  wasVerified: boolean;
  /** Epoch milliseconds of the first sighting. */
  firstSeen: number;
}

/** Where remembered identities are kept (the command line's state, through src/store). */
export interface IdentityMemory {
  recall(userIds: readonly string[]): Promise<Map<string, RememberedIdentity>>;
  remember(identities: readonly RememberedIdentity[]): Promise<void>;
}

export interface Reconciled {
  trust: UserTrust;
  /** The record to keep when it differs from what was remembered; null when nothing changed. */
  changed: RememberedIdentity | null;
}

/** One user's trust as a session with this memory would see it, and what the memory learns. */
export function reconcileIdentity(trust: UserTrust, known: RememberedIdentity | undefined, now: number, ownIdentityTrusted = true): Reconciled {
  if (trust.verdict === "me" || trust.masterKey === null) return { trust, changed: null };
  if (!ownIdentityTrusted) {
    if (!known) return { trust, changed: { userId: trust.userId, pinnedMasterKey: trust.masterKey, wasVerified: false, firstSeen: now } };
    if (trust.masterKey === known.pinnedMasterKey) return { trust, changed: null };
    return known.wasVerified
      ? { trust: { ...trust, verdict: "verification-violation", wasCrossSigningVerified: true }, changed: null }
      : { trust: { ...trust, verdict: "identity-changed", needsUserApproval: true }, changed: null };
  }
  const verifiedNow = trust.crossSigningVerified;
  if (!known)
    return {
      trust,
      changed: { userId: trust.userId, pinnedMasterKey: trust.masterKey, wasVerified: verifiedNow || trust.wasCrossSigningVerified, firstSeen: now },
    };
  const next: RememberedIdentity = {
    ...known,
    pinnedMasterKey: verifiedNow ? trust.masterKey : known.pinnedMasterKey,
    wasVerified: known.wasVerified || verifiedNow || trust.wasCrossSigningVerified,
  };
  const changed = next.pinnedMasterKey !== known.pinnedMasterKey || next.wasVerified !== known.wasVerified ? next : null;
  if (verifiedNow) return { trust, changed };
  if (next.wasVerified) return { trust: { ...trust, verdict: "verification-violation", wasCrossSigningVerified: true }, changed };
  if (trust.masterKey !== next.pinnedMasterKey) return { trust: { ...trust, verdict: "identity-changed", needsUserApproval: true }, changed };
  return { trust, changed };
}

/** Applies the memory to freshly read trust (in place) and stores what it learned. */
export async function applyIdentityMemory(memory: IdentityMemory, trust: Map<string, UserTrust>, now: number, ownIdentityTrusted: boolean): Promise<void> {
  const withKeys = [...trust.values()].filter((t) => t.masterKey !== null && t.verdict !== "me").map((t) => t.userId);
  if (withKeys.length === 0) return;
  const known = await memory.recall(withKeys);
  const learned: RememberedIdentity[] = [];
  for (const userId of withKeys) {
    const { trust: seen, changed } = reconcileIdentity(trust.get(userId)!, known.get(userId), now, ownIdentityTrusted);
    trust.set(userId, seen);
    if (changed) learned.push(changed);
  }
  if (learned.length > 0) await memory.remember(learned);
}
