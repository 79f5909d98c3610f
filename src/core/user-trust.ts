/**
 * Reading what this session's crypto knows about users and their devices, in batches: one
 * `getUserDeviceInfo` call for all users, then every per-user and per-device status call in flight
 * at once. A user's trust does not depend on the room, so it is computed once and shared by rooms.
 */
import type { CryptoApi } from "matrix-js-sdk/lib/crypto-api/index.js";
import { DeviceVerification, type Device } from "matrix-js-sdk";
import { deviceFacts, deviceVerdict, userVerdict } from "./classify.ts";
import type { DeviceTrust, UserVerdict } from "./verdicts.ts";

/** Everything the audit needs about one user, independent of any room. */
export interface UserTrust {
  userId: string;
  verdict: UserVerdict;
  /** The session holds a cross-signing identity for the user. */
  hasCrossSigning: boolean;
  crossSigningVerified: boolean;
  wasCrossSigningVerified: boolean;
  needsUserApproval: boolean;
  masterKey: string | null;
  /** Null when the session holds no device list for the user. */
  devices: DeviceTrust[] | null;
}

/** The crypto calls the audit makes; a real `CryptoApi` satisfies it. */
export type TrustCrypto = Pick<
  CryptoApi,
  "getUserDeviceInfo" | "getUserVerificationStatus" | "getDeviceVerificationStatus" | "getUserCrossSigningKeys"
>;

export interface OwnAccount {
  userId: string;
  deviceId: string;
  /**
   * The account's devices as the server lists them (`/devices`), when known: devices that
   * published no keys appear only here, and are reported as `no-encryption`.
   */
  serverDevices?: { deviceId: string; displayName: string | null }[];
}

/** How many users are read at once: bounds memory and keeps the event loop responsive. */
const USER_BATCH = 1000;

export async function readUserTrust(
  crypto: TrustCrypto,
  userIds: readonly string[],
  own: OwnAccount,
): Promise<Map<string, UserTrust>> {
  const result = new Map<string, UserTrust>();
  for (let start = 0; start < userIds.length; start += USER_BATCH) {
    const batch = userIds.slice(start, start + USER_BATCH);
    const deviceMap = await crypto.getUserDeviceInfo(batch);
    const trusts = await Promise.all(batch.map((userId) => readOneUser(crypto, userId, deviceMap.get(userId), own)));
    for (const trust of trusts) result.set(trust.userId, trust);
  }
  return result;
}

async function readOneUser(
  crypto: TrustCrypto,
  userId: string,
  devices: Map<string, Device> | undefined,
  own: OwnAccount,
): Promise<UserTrust> {
  const isMe = userId === own.userId;
  const [status, keys, deviceTrusts] = await Promise.all([
    crypto.getUserVerificationStatus(userId),
    crypto.getUserCrossSigningKeys(userId),
    devices ? readDevices(crypto, userId, devices) : Promise.resolve(null),
  ]);
  const masterKey = firstKey(keys?.master_key?.keys);
  const hasCrossSigning = status.known || masterKey !== null;
  let deviceList = deviceTrusts?.map((d) => ({ ...d, verdict: d.status === null ? d.verdict : deviceVerdict(d.status, hasCrossSigning) }));
  if (isMe && own.serverDevices) deviceList = addKeylessDevices(deviceList ?? [], userId, own.serverDevices);
  return {
    userId,
    verdict: userVerdict(status, isMe),
    hasCrossSigning,
    crossSigningVerified: status.isCrossSigningVerified(),
    wasCrossSigningVerified: status.wasCrossSigningVerified(),
    needsUserApproval: status.needsUserApproval,
    masterKey,
    devices: deviceList?.map(({ status: _status, ...trust }) => trust) ?? null,
  };
}

type DeviceWithStatus = DeviceTrust & { status: Awaited<ReturnType<TrustCrypto["getDeviceVerificationStatus"]>> };

function readDevices(crypto: TrustCrypto, userId: string, devices: Map<string, Device>): Promise<DeviceWithStatus[]> {
  return Promise.all(
    [...devices.values()].map(async (device): Promise<DeviceWithStatus> => {
      const status = await crypto.getDeviceVerificationStatus(userId, device.deviceId);
      const facts = deviceFacts(status);
      if (device.verified === DeviceVerification.Blocked) facts.blocked = true;
      return {
        userId,
        deviceId: device.deviceId,
        displayName: device.displayName ?? null,
        ed25519: device.getFingerprint() ?? null,
        // Provisional: the owner's cross-signing is known only once the user's status arrives.
        verdict: deviceVerdict(status, false),
        facts,
        status,
      };
    }),
  );
}

function addKeylessDevices(
  known: DeviceWithStatus[],
  userId: string,
  serverDevices: NonNullable<OwnAccount["serverDevices"]>,
): DeviceWithStatus[] {
  const knownIds = new Set(known.map((d) => d.deviceId));
  const keyless = serverDevices
    .filter((d) => !knownIds.has(d.deviceId))
    .map(
      (d): DeviceWithStatus => ({
        userId,
        deviceId: d.deviceId,
        displayName: d.displayName,
        ed25519: null,
        verdict: "no-encryption",
        facts: deviceFacts(null),
        status: null,
      }),
    );
  return [...known, ...keyless];
}

function firstKey(keys: Record<string, string> | undefined): string | null {
  if (!keys) return null;
  for (const value of Object.values(keys)) return value;
  return null;
}
