// The obvious way to judge a room, as Element's shield code does it: one crypto call per member
// and per device, each awaited before the next. The benchmark's yardstick.
import type { MatrixClient } from "matrix-js-sdk";

export interface BaselineResult {
  users: number;
  devices: number;
  unverifiedDevices: number;
}

export async function sequentialAudit(client: MatrixClient, roomId: string): Promise<BaselineResult> {
  const crypto = client.getCrypto()!;
  const members = (await client.getRoom(roomId)!.getEncryptionTargetMembers()).map((m) => m.userId);
  let verifiedUsers = 0;
  for (const userId of members) if ((await crypto.getUserVerificationStatus(userId)).isCrossSigningVerified()) verifiedUsers++;
  const devicesByUser = await crypto.getUserDeviceInfo(members);
  let devices = 0;
  let unverifiedDevices = 0;
  for (const userId of members)
    for (const deviceId of devicesByUser.get(userId)?.keys() ?? []) {
      devices++;
      if (!(await crypto.getDeviceVerificationStatus(userId, deviceId))?.isVerified()) unverifiedDevices++;
    }
  void verifiedUsers;
  return { users: members.length, devices, unverifiedDevices };
}
