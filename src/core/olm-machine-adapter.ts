/**
 * The one place that reaches past matrix-js-sdk's public `CryptoApi` into the Rust crypto's
 * `OlmMachine` (a private field of js-sdk's `RustCrypto`). The public API has no batch call for
 * device trust: `getDeviceVerificationStatus` reloads both users' identities for every device, so
 * reading a large room through it costs several times more. Reading the machine directly is the
 * audit's fast path: one identity lookup and one device-list lookup per user.
 *
 * Because the field is private, nothing guarantees it: `openFastPath` checks every capability the
 * fast path uses (the field, its class, each method and property of the objects it returns, the
 * SDK's `stopped` flag) and otherwise names what is missing, and the audit falls back to the
 * public API, which gives the same answers, only slower. Which path ran is reported
 * (`TrustReadPath`), and a test fails if, with the locked SDK versions, it is not the fast one.
 * matrix-js-sdk and the crypto WASM are pinned with `~` in package.json: an upgrade is deliberate,
 * and the equality tests (tamper and hostile scenarios) are re-run.
 */
import {
  DeviceKey,
  DeviceKeyAlgorithmName,
  OlmMachine,
  OtherUserIdentity,
  OwnUserIdentity,
  UserDevices,
  UserId,
  Device as RustDevice,
} from "@matrix-org/matrix-sdk-crypto-wasm";
import { ClientStoppedError } from "matrix-js-sdk/lib/errors.js";
import { deviceVerdict, userVerdict, type DeviceStatusLike } from "./classify.ts";
import type { OwnAccount, UserTrust } from "./user-trust.ts";
import type { DeviceTrust } from "./verdicts.ts";

/** Which way the audit read trust: the Rust machine directly, or the public `CryptoApi`. */
export interface TrustReadPath {
  path: "rust-fast-path" | "public-api";
  /** Why the fast path was not taken; null when it was. */
  reason: string | null;
}

/** A user's trust as the machine tells it, each device still carrying the statuses it was judged by. */
export type MachineUserTrust = Omit<UserTrust, "devices"> & { devices: (DeviceTrust & { status: DeviceStatusLike })[] | null };

/** Reads users' trust straight from the `OlmMachine`; refuses once the SDK has stopped. */
export interface FastTrustReader {
  readUser(userId: string, own: OwnAccount, trustCrossSigned: boolean): Promise<MachineUserTrust>;
}

/** Methods each class of object the fast path touches must have (checked on the prototypes). */
const METHODS: readonly [string, { prototype: object }, readonly string[]][] = [
  ["OlmMachine", OlmMachine, ["getUserDevices", "getIdentity", "trackedUsers"]],
  ["UserDevices", UserDevices, ["devices", "free"]],
  ["Device", RustDevice, ["isCrossSignedByOwner", "isLocallyTrusted", "isBlacklisted", "getKey", "free"]],
  ["OtherUserIdentity", OtherUserIdentity, ["isVerified", "wasPreviouslyVerified", "identityNeedsUserApproval", "free"]],
  ["OwnUserIdentity", OwnUserIdentity, ["isVerified", "wasPreviouslyVerified", "free"]],
  ["DeviceKey", DeviceKey, ["toBase64", "free"]],
  ["UserId", UserId, ["toString", "free"]],
];
/** Properties (getters on the prototypes) the fast path reads. */
const GETTERS: readonly [string, { prototype: object }, readonly string[]][] = [
  ["OlmMachine", OlmMachine, ["userId"]],
  ["Device", RustDevice, ["deviceId", "displayName"]],
  ["OtherUserIdentity", OtherUserIdentity, ["masterKey"]],
  ["OwnUserIdentity", OwnUserIdentity, ["masterKey"]],
];

/** What the fast path lacks in this build of the SDKs, or null when it has everything. */
function missingCapability(): string | null {
  for (const [name, cls, methods] of METHODS)
    for (const m of methods) if (typeof (cls.prototype as Record<string, unknown>)[m] !== "function") return `${name}.${m}() is missing`;
  for (const [name, cls, getters] of GETTERS)
    for (const g of getters) if (typeof Object.getOwnPropertyDescriptor(cls.prototype, g)?.get !== "function") return `${name}.${g} is missing`;
  if (DeviceKeyAlgorithmName?.Ed25519 === undefined) return "DeviceKeyAlgorithmName.Ed25519 is missing";
  return null;
}

const CLASSES_MISSING = missingCapability();

/** What the fast path needs of js-sdk's RustCrypto object (private members: checked, never assumed). */
interface RustCryptoInternals {
  olmMachine?: unknown;
  stopped?: unknown;
}

/**
 * The fast reader over this `CryptoApi`, or the reason it cannot be used (then read through the
 * public API). `ownUserId` must be the machine's account.
 */
export function openFastPath(crypto: object, ownUserId: string): { reader: FastTrustReader } | { reason: string } {
  if (CLASSES_MISSING) return { reason: `the Rust crypto's API changed: ${CLASSES_MISSING}` };
  const internals = crypto as RustCryptoInternals;
  if (!("olmMachine" in internals)) return { reason: "the CryptoApi has no olmMachine field (not js-sdk's RustCrypto, or another SDK version)" };
  if (typeof internals.stopped !== "boolean") return { reason: "the CryptoApi has no stopped flag, so a stopped client could not be told apart" };
  if (internals.stopped) throw new ClientStoppedError();
  const machine = internals.olmMachine;
  // instanceof: the machine's objects are of the classes whose capabilities were checked above.
  if (!(machine instanceof OlmMachine)) return { reason: "the olmMachine field is not this Rust crypto's OlmMachine (two copies of the crypto?)" };
  const machineUser = machine.userId;
  const owner = machineUser.toString();
  machineUser.free();
  if (owner !== ownUserId) return { reason: `the OlmMachine belongs to ${owner}, not ${ownUserId}` };
  return { reader: new MachineReader(machine, () => internals.stopped === true) };
}

class MachineReader implements FastTrustReader {
  private tracked: Promise<Set<string>> | null = null;

  constructor(
    private readonly machine: OlmMachine,
    private readonly isStopped: () => boolean,
  ) {}

  /** The machine, unless the SDK stopped (and closed it): then the error the public API throws. */
  private live(): OlmMachine {
    if (this.isStopped()) throw new ClientStoppedError();
    return this.machine;
  }

  /** Whether the crypto keeps the user's device list; the (large) tracked set is read at most once, only if asked. */
  private async isTracked(userId: string): Promise<boolean> {
    this.tracked ??= this.live()
      .trackedUsers()
      .then((users) => {
        const ids = new Set<string>();
        for (const u of users) {
          ids.add(u.toString());
          u.free();
        }
        return ids;
      });
    return (await this.tracked).has(userId);
  }

  async readUser(userId: string, own: OwnAccount, trustCrossSigned: boolean): Promise<MachineUserTrust> {
    const identityUser = new UserId(userId);
    let identity: OwnUserIdentity | OtherUserIdentity | undefined;
    try {
      identity = await this.live().getIdentity(identityUser);
    } finally {
      identityUser.free();
    }
    let verified = false;
    let wasVerified = false;
    let needsApproval = false;
    let masterKey: string | null = null;
    if (identity) {
      try {
        verified = identity.isVerified();
        wasVerified = identity.wasPreviouslyVerified();
        needsApproval = identity instanceof OtherUserIdentity ? identity.identityNeedsUserApproval() : false;
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
    const devicesUser = new UserId(userId);
    let userDevices: UserDevices;
    try {
      // Waits up to 1 s for a key query in flight, as js-sdk's getUserDeviceInfo does.
      userDevices = await this.live().getUserDevices(devicesUser, 1);
    } finally {
      devicesUser.free();
    }
    let devices: (DeviceTrust & { status: DeviceStatusLike })[];
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
    return {
      userId,
      verdict: userVerdict(status, userId === own.userId),
      hasCrossSigning,
      crossSigningVerified: verified,
      wasCrossSigningVerified: wasVerified,
      needsUserApproval: needsApproval,
      masterKey,
      // An untracked user has no device list at all, not an empty one.
      devices: devices.length === 0 && !(await this.isTracked(userId)) ? null : devices,
    };
  }
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
  // the equality tests hold the two paths equal.
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

/**
 * Sends the crypto's queued requests now rather than when the next /sync returns. Once the audit
 * has loaded an encrypted room's members (lazy loading), the Rust crypto queues a key query for
 * them, but js-sdk sends queued requests only after a sync completes: on a quiet account that is
 * one long poll later (25 s), and the first audit waits that long for its members' devices.
 * `onSyncCompleted` is what js-sdk's sync loop calls for exactly this; it belongs to js-sdk's
 * `CryptoBackend`, not the public `CryptoApi`, hence here, checked before use.
 *
 * Returns false, doing nothing, when the crypto has no such method or has stopped (the requests
 * then go after the next sync, as before).
 */
export function sendQueuedCryptoRequests(crypto: object): boolean {
  const internals = crypto as RustCryptoInternals & { onSyncCompleted?: unknown };
  if (typeof internals.onSyncCompleted !== "function" || internals.stopped !== false) return false;
  (internals.onSyncCompleted as (data: object) => void).call(crypto, {});
  return true;
}
