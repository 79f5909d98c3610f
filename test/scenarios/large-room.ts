// Generates a scenario with one big encrypted room: N members × M devices, for benchmarks.
// Trust situations recur on a fixed pattern so results are reproducible and checkable.
import type { Scenario, ScenarioDevice, ScenarioUser } from "../homeserver/index.ts";

export interface LargeRoomOptions {
  members: number;
  devicesPerMember: number;
  /** One-time keys per device (default 0: every device has a fallback key, which claims fall back to; keys cost time to make). */
  oneTimeKeysPerDevice?: number;
  encrypted?: boolean;
}

export const LARGE_ROOM_VIEWER = { userId: "@viewer:localhost", password: "viewer-password" };
export const LARGE_ROOM_ALIAS = "#large:localhost";

/** Which pattern a member follows (also used by tests to know what to expect). */
export function memberTraits(index: number): { crossSigning: boolean; lastDeviceUnsigned: boolean; verifiedByViewer: boolean } {
  const crossSigning = index % 10 !== 9;
  return { crossSigning, lastDeviceUnsigned: crossSigning && index % 7 === 3, verifiedByViewer: crossSigning && index % 13 === 5 };
}

export function memberId(index: number): string {
  return `@member${String(index).padStart(5, "0")}:localhost`;
}

export function largeRoomScenario(options: LargeRoomOptions): Scenario {
  if (!Number.isInteger(options.members) || options.members < 1) throw new Error("members must be a positive integer");
  if (!Number.isInteger(options.devicesPerMember) || options.devicesPerMember < 0) throw new Error("devicesPerMember must be a non-negative integer");
  const members: ScenarioUser[] = [];
  const verified: string[] = [];
  for (let i = 0; i < options.members; i++) {
    const traits = memberTraits(i);
    const devices: ScenarioDevice[] = [];
    for (let d = 0; d < options.devicesPerMember; d++) {
      const device: ScenarioDevice = { id: `M${i}D${d}`, displayName: `Device ${d} of member ${i}`, oneTimeKeys: options.oneTimeKeysPerDevice ?? 0 };
      if (traits.lastDeviceUnsigned && d === options.devicesPerMember - 1) device.signedByOwner = false;
      devices.push(device);
    }
    members.push({ id: memberId(i), password: `member-${i}`, displayName: `Member ${i}`, crossSigning: traits.crossSigning, devices });
    if (traits.verifiedByViewer) verified.push(memberId(i));
  }
  return {
    name: `large-room-${options.members}x${options.devicesPerMember}`,
    description: `One ${options.encrypted === false ? "unencrypted" : "encrypted"} room with ${options.members} members of ${options.devicesPerMember} devices each.`,
    users: [{ id: LARGE_ROOM_VIEWER.userId, password: LARGE_ROOM_VIEWER.password, displayName: "Viewer", secretStorage: true, verified }, ...members],
    rooms: [
      {
        alias: LARGE_ROOM_ALIAS,
        name: "Large room",
        encrypted: options.encrypted !== false,
        creator: LARGE_ROOM_VIEWER.userId,
        members: members.map((m) => m.id),
      },
    ],
  };
}
