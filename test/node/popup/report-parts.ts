/** Small typed report pieces for unit tests of the popup's pure functions (presentation, not trust). */
import type { AuditReport, DeviceTrust, Finding, MemberTrust, RoomAudit } from "../../../src/core/verdicts.ts";
import { reportBody } from "../../../src/core/risk.ts";

export function device(userId: string, deviceId: string, extra: Partial<DeviceTrust> = {}): DeviceTrust {
  return {
    userId,
    deviceId,
    displayName: null,
    ed25519: "jqkpPSA8cqmuSRMhdRiaGOT2vgGn7a4KEUdWc1MDPyQ",
    verdict: "cross-signed",
    facts: { signedByOwner: true, crossSigningVerified: false, localVerified: false },
    ...extra,
  };
}

export function member(userId: string, extra: Partial<MemberTrust> = {}): MemberTrust {
  return { userId, displayName: null, verdict: "unverified", masterKey: null, devices: [], devicesKnown: true, ...extra };
}

export function finding(id: string, extra: Partial<Finding> = {}): Finding {
  return { id, kind: "unsigned-device", severity: "notice", roomId: "!r:x", userId: "@u:x", firstSeen: 1000, acknowledged: false, ...extra };
}

export function room(roomId: string, extra: Partial<RoomAudit> = {}): RoomAudit {
  return {
    roomId,
    name: roomId,
    encrypted: true,
    isDirect: false,
    shield: "normal",
    members: [],
    findings: [],
    policyPreview: { excludedDevices: [], failingUsers: [], onlySignedFailingUsers: [], onlySignedBlocked: null },
    ...extra,
  };
}

export function report(rooms: RoomAudit[]): AuditReport {
  return {
    version: 1,
    generatedAt: 1_700_000_000_000,
    account: { userId: "@me:x", deviceId: "ME", ownIdentityTrusted: true, trustCaveat: null },
    ...reportBody(rooms),
  };
}
