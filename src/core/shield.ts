/**
 * Element Web's room shield, by Element's own rules (`shieldStatusForRoom` in element-web's
 * src/utils/ShieldUtils.ts), so a user can compare what Element shows with what the audit says:
 *  - Warning if any other member was verified and no longer is (verification violation);
 *  - Warning if a verified member — or, in a group room where someone else is verified (or when
 *    alone), the user themself — has a device that is not verified, or no known device list;
 *  - else Verified if every other member is cross-signing verified; else Normal.
 */
import { isDeviceVerified } from "./classify.ts";
import type { UserTrust } from "./user-trust.ts";
import type { RoomShield } from "./verdicts.ts";

/** What the shield needs to know about one member (cached per member by the room's auditor). */
export interface ShieldFacts {
  violation: boolean;
  verified: boolean;
  /** No device list, or a listed device (one with keys) that is not verified. */
  deviceProblem: boolean;
}

/** What Element's shield looks at for one member; an unknown member (undefined) counts as unverified with a device problem. Never throws. */
export function shieldFacts(user: UserTrust | undefined): ShieldFacts {
  const devices = user?.devices;
  return {
    violation: !!user && user.wasCrossSigningVerified && !user.crossSigningVerified,
    verified: !!user?.crossSigningVerified,
    // Only devices the crypto store lists (they have keys); Element never sees key-less ones.
    deviceProblem: !devices || devices.some((d) => d.ed25519 !== null && !isDeviceVerified(d.verdict)),
  };
}

/** The room's shield from its members' facts (`facts[i]` is `memberIds[i]`'s), as Element computes it. Never throws. */
export function shieldFromFacts(
  memberIds: readonly string[],
  facts: readonly ShieldFacts[],
  own: ShieldFacts,
  ownUserId: string,
  isDirect: boolean,
): RoomShield {
  let verifiedCount = 0;
  let unverifiedCount = 0;
  let verifiedWithProblem = false;
  for (let i = 0; i < memberIds.length; i++) {
    if (memberIds[i] === ownUserId) continue;
    const f = facts[i]!;
    if (f.violation) return "warning";
    if (f.verified) {
      verifiedCount++;
      if (f.deviceProblem) verifiedWithProblem = true;
    } else unverifiedCount++;
  }
  if (verifiedWithProblem) return "warning";
  // Element does not alarm about the user's own devices in DMs, in 1:1 rooms, or where nobody
  // else is verified — except when the user is alone in the room.
  const includeSelf = (verifiedCount > 0 && !isDirect && memberIds.length !== 2) || memberIds.length === 1;
  if (includeSelf && own.deviceProblem) return "warning";
  return unverifiedCount === 0 ? "verified" : "normal";
}

/** The shield Element shows for a room with these members, from the audit's trust. Never throws. */
export function elementShield(
  memberIds: readonly string[],
  trust: ReadonlyMap<string, UserTrust>,
  ownUserId: string,
  isDirect: boolean,
): RoomShield {
  const facts = memberIds.map((id) => shieldFacts(trust.get(id)));
  return shieldFromFacts(memberIds, facts, shieldFacts(trust.get(ownUserId)), ownUserId, isDirect);
}
