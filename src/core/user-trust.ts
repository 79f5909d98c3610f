/**
 * Reading what this session's crypto knows about users and their devices. A user's trust does not
 * depend on the room, so it is read once and shared by all the rooms the user is in.
 */
import type { CryptoApi } from "matrix-js-sdk/lib/crypto-api/index.js";
import { DeviceVerification, type Device } from "matrix-js-sdk";
import { deviceFacts, deviceVerdict, userVerdict } from "./classify.ts";
import { mapBounded } from "./concurrency.ts";
import { openFastPath, type TrustReadPath } from "./olm-machine-adapter.ts";
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
  | "getUserDeviceInfo"
  | "getUserVerificationStatus"
  | "getDeviceVerificationStatus"
  | "getUserCrossSigningKeys"
  | "getTrustCrossSignedDevices"
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

/** How many users' device lists are fetched in one `getUserDeviceInfo` call (public path). */
const USER_BATCH = 1000;
/** Users read at once: a few calls in flight keep the crypto busy; thousands slow it down. */
const IN_FLIGHT = 8;

/**
 * Reads the trust of these users. Uses the Rust crypto's `OlmMachine` directly when every
 * capability it needs is there (olm-machine-adapter.ts), otherwise the public `CryptoApi` calls;
 * both give the same answers.
 */
export async function readUserTrust(
  crypto: TrustCrypto,
  userIds: readonly string[],
  own: OwnAccount,
  options: { publicApiOnly?: boolean } = {},
): Promise<Map<string, UserTrust>> {
  return (await readUserTrustWithPath(crypto, userIds, own, options)).trust;
}

/** `readUserTrust`, also telling which path read it (for the status and the bench). */
export async function readUserTrustWithPath(
  crypto: TrustCrypto,
  userIds: readonly string[],
  own: OwnAccount,
  options: { publicApiOnly?: boolean } = {},
): Promise<{ trust: Map<string, UserTrust>; path: TrustReadPath }> {
  const fast = options.publicApiOnly ? { reason: "the public CryptoApi was asked for" } : openFastPath(crypto, own.userId);
  const result = new Map<string, UserTrust>();
  if ("reader" in fast) {
    const trustCrossSigned = crypto.getTrustCrossSignedDevices();
    const trusts = await mapBounded(userIds, IN_FLIGHT, async (userId) => finish(await fast.reader.readUser(userId, own, trustCrossSigned), own));
    for (const t of trusts) result.set(t.userId, t);
    return { trust: result, path: { path: "rust-fast-path", reason: null } };
  }
  for (let start = 0; start < userIds.length; start += USER_BATCH) {
    const batch = userIds.slice(start, start + USER_BATCH);
    const deviceMap = await crypto.getUserDeviceInfo(batch);
    const trusts = await mapBounded(batch, IN_FLIGHT, (userId) => readOneUser(crypto, userId, deviceMap.get(userId), own));
    for (const trust of trusts) result.set(trust.userId, trust);
  }
  return { trust: result, path: { path: "public-api", reason: fast.reason } };
}

async function readOneUser(
  crypto: TrustCrypto,
  userId: string,
  devices: Map<string, Device> | undefined,
  own: OwnAccount,
): Promise<UserTrust> {
  const [status, keys] = await Promise.all([crypto.getUserVerificationStatus(userId), crypto.getUserCrossSigningKeys(userId)]);
  const masterKey = firstKey(keys?.master_key?.keys);
  const hasCrossSigning = status.known || masterKey !== null;
  const deviceTrusts = devices ? await readDevices(crypto, userId, devices, hasCrossSigning) : null;
  return finish(
    {
      userId,
      verdict: userVerdict(status, userId === own.userId),
      hasCrossSigning,
      crossSigningVerified: status.isCrossSigningVerified(),
      wasCrossSigningVerified: status.wasCrossSigningVerified(),
      needsUserApproval: status.needsUserApproval,
      masterKey,
      devices: deviceTrusts,
    },
    own,
  );
}

/** Adds the account's key-less devices, and drops the raw statuses. */
function finish(trust: Omit<UserTrust, "devices"> & { devices: (DeviceTrust & { status?: unknown })[] | null }, own: OwnAccount): UserTrust {
  let devices = trust.devices?.map(({ status: _status, ...d }) => d) ?? null;
  if (trust.userId === own.userId && own.serverDevices) devices = addKeylessDevices(devices ?? [], trust.userId, own.serverDevices);
  // The crypto's order is not stable between reads; a fixed order keeps reports comparable.
  devices?.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
  return { ...trust, devices };
}

function readDevices(crypto: TrustCrypto, userId: string, devices: Map<string, Device>, ownerHasCrossSigning: boolean): Promise<DeviceTrust[]> {
  return Promise.all(
    [...devices.values()].map(async (device): Promise<DeviceTrust> => {
      const status = await crypto.getDeviceVerificationStatus(userId, device.deviceId);
      const facts = deviceFacts(status);
      if (device.verified === DeviceVerification.Blocked) facts.blocked = true;
      return {
        userId,
        deviceId: device.deviceId,
        displayName: device.displayName ?? null,
        ed25519: device.getFingerprint() ?? null,
        verdict: deviceVerdict(status, ownerHasCrossSigning),
        facts,
      };
    }),
  );
}

function addKeylessDevices(
  known: DeviceTrust[],
  userId: string,
  serverDevices: NonNullable<OwnAccount["serverDevices"]>,
): DeviceTrust[] {
  const knownIds = new Set(known.map((d) => d.deviceId));
  const keyless = serverDevices
    .filter((d) => !knownIds.has(d.deviceId))
    .map(
      (d): DeviceTrust => ({
        userId,
        deviceId: d.deviceId,
        displayName: d.displayName,
        ed25519: null,
        verdict: "no-encryption",
        facts: deviceFacts(null),
      }),
    );
  return [...known, ...keyless];
}

function firstKey(keys: Record<string, string> | undefined): string | null {
  if (!keys) return null;
  for (const value of Object.values(keys)) return value;
  return null;
}
