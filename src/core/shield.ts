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

export function elementShield(
  memberIds: readonly string[],
  trust: ReadonlyMap<string, UserTrust>,
  ownUserId: string,
  isDirect: boolean,
): RoomShield {
  const verified: string[] = [];
  let unverifiedCount = 0;
  for (const userId of memberIds) {
    if (userId === ownUserId) continue;
    const user = trust.get(userId);
    if (user?.wasCrossSigningVerified && !user.crossSigningVerified) return "warning";
    if (user?.crossSigningVerified) verified.push(userId);
    else unverifiedCount++;
  }
  // Element does not alarm about the user's own devices in DMs, in 1:1 rooms, or where nobody
  // else is verified — except when the user is alone in the room.
  const includeSelf = (verified.length > 0 && !isDirect && memberIds.length !== 2) || memberIds.length === 1;
  const targets = includeSelf ? [...verified, ownUserId] : verified;
  for (const userId of targets) {
    const devices = trust.get(userId)?.devices;
    if (!devices) return "warning";
    // Only devices the crypto store lists (they have keys); Element never sees key-less ones.
    if (devices.some((d) => d.ed25519 !== null && !isDeviceVerified(d.verdict))) return "warning";
  }
  return unverifiedCount === 0 ? "verified" : "normal";
}
