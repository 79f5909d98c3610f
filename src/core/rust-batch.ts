/**
 * The fast way to read trust: straight from the Rust crypto's `OlmMachine`, one identity lookup
 * and one device-list lookup per user, each device answering `isCrossSignedByOwner()`,
 * `isCrossSigningTrusted()` and `isLocallyTrusted()` itself. The public `CryptoApi` has no batch
 * call for device trust (one `getDeviceVerificationStatus` per device, each reloading the
 * identities), so this is what makes a large room cheap. matrix-js-sdk keeps the machine in a
 * private field of its `RustCrypto`; when it is not there (another SDK version), `user-trust.ts`
 * falls back to the public API and gives the same answers, only slower.
 */
import { UserId, DeviceKeyAlgorithmName, type OlmMachine, type Device as RustDevice } from "@matrix-org/matrix-sdk-crypto-wasm";
import { deviceVerdict, userVerdict, type DeviceStatusLike } from "./classify.ts";
import type { OwnAccount, UserTrust } from "./user-trust.ts";
import type { DeviceTrust } from "./verdicts.ts";

/** The `OlmMachine` behind a js-sdk Rust `CryptoApi`, or null. */
export function olmMachineOf(crypto: object): OlmMachine | null {
  const machine = (crypto as { olmMachine?: unknown }).olmMachine;
  if (!machine || typeof machine !== "object") return null;
  const m = machine as Partial<OlmMachine>;
  return typeof m.getUserDevices === "function" && typeof m.getIdentity === "function" && typeof m.trackedUsers === "function"
    ? (machine as OlmMachine)
    : null;
}

/** A lookup of tracked users that reads the (large) tracked set at most once, and only if asked. */
export function trackedLookup(machine: OlmMachine): (userId: string) => Promise<boolean> {
  let tracked: Promise<Set<string>> | null = null;
  return async (userId) => (await (tracked ??= trackedUserIds(machine))).has(userId);
}

export async function trackedUserIds(machine: OlmMachine): Promise<Set<string>> {
  const tracked = await machine.trackedUsers();
  const ids = new Set<string>();
  for (const u of tracked) {
    ids.add(u.toString());
    u.free();
  }
  return ids;
}

/**
 * @param trustCrossSigned - `CryptoApi.getTrustCrossSignedDevices()`: whether cross-signed devices count as verified.
 * @param isTracked - whether the crypto keeps the user's device list; untracked users get
 *   `devices: null`, as with `getUserDeviceInfo`. Asked only when the list is empty.
 */
export async function readUserFromMachine(
  machine: OlmMachine,
  userId: string,
  own: OwnAccount,
  trustCrossSigned: boolean,
  isTracked: (userId: string) => Promise<boolean>,
): Promise<Omit<UserTrust, "devices"> & { devices: (DeviceTrust & { status: DeviceStatusLike })[] | null }> {
  const identity = await machine.getIdentity(new UserId(userId));
  let verified = false;
  let wasVerified = false;
  let needsApproval = false;
  let masterKey: string | null = null;
  if (identity) {
    try {
      verified = identity.isVerified();
      wasVerified = identity.wasPreviouslyVerified();
      needsApproval = "identityNeedsUserApproval" in identity ? identity.identityNeedsUserApproval() : false;
      masterKey = firstKey(identity.masterKey);
    } finally {
      identity.free();
    }
  }
  const status = {
    known: identity !== undefined,
    needsUserApproval: needsApproval,
    isCrossSigningVerified: () => verified,
    wasCrossSigningVerified: () => wasVerified,
  };
  const hasCrossSigning = identity !== undefined;
  let devices: (DeviceTrust & { status: DeviceStatusLike })[] | null = null;
  const userDevices = await machine.getUserDevices(new UserId(userId), 1);
  try {
    const list = userDevices.devices();
    try {
      devices = list.map((d) => deviceTrust(d, userId, hasCrossSigning, verified, trustCrossSigned));
    } finally {
      for (const d of list) d.free();
    }
  } finally {
    userDevices.free();
  }
  // An untracked user has no device list at all, not an empty one.
  if (devices.length === 0 && !(await isTracked(userId))) devices = null;
  return {
    userId,
    verdict: userVerdict(status, userId === own.userId),
    hasCrossSigning,
    crossSigningVerified: verified,
    wasCrossSigningVerified: wasVerified,
    needsUserApproval: needsApproval,
    masterKey,
    devices,
  };
}

function deviceTrust(
  d: RustDevice,
  userId: string,
  ownerHasCrossSigning: boolean,
  ownerVerified: boolean,
  trustCrossSigned: boolean,
): DeviceTrust & { status: DeviceStatusLike } {
  const signedByOwner = d.isCrossSignedByOwner();
  // Rust's `is_cross_signing_trusted` is exactly "owner's identity verified by us, and device
  // signed by the owner": derived here instead of checking the same signatures a second time
  // (signature checks are most of the audit's cost). The public-API path asks Rust directly, and
  // a test holds the two paths equal.
  const crossSigningVerified = ownerVerified && signedByOwner;
  const localVerified = d.isLocallyTrusted();
  // The same rule as js-sdk's DeviceVerificationStatus.isVerified().
  const status: DeviceStatusLike = {
    signedByOwner,
    crossSigningVerified,
    localVerified,
    isVerified: () => localVerified || (trustCrossSigned && crossSigningVerified),
  };
  const facts: DeviceTrust["facts"] = { signedByOwner, crossSigningVerified, localVerified };
  if (d.isBlacklisted()) facts.blocked = true;
  const key = d.getKey(DeviceKeyAlgorithmName.Ed25519);
  const ed25519 = key?.toBase64() ?? null;
  key?.free();
  const deviceId = d.deviceId;
  const trust = {
    userId,
    deviceId: deviceId.toString(),
    displayName: d.displayName ?? null,
    ed25519,
    verdict: deviceVerdict(status, ownerHasCrossSigning),
    facts,
    status,
  };
  deviceId.free();
  return trust;
}

/** The master key's public part from the identity's JSON (`{"keys": {"ed25519:…": key}}`). */
function firstKey(masterKeyJson: string): string | null {
  try {
    const keys = (JSON.parse(masterKeyJson) as { keys?: Record<string, unknown> }).keys ?? {};
    for (const value of Object.values(keys)) if (typeof value === "string") return value;
  } catch {
    // unreadable: treated as unknown
  }
  return null;
}
