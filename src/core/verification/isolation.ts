/**
 * Which devices this session shares room keys with and accepts messages from (device isolation).
 * The audit's policy preview uses the same setting to show who would be left out.
 */
import {
  AllDevicesIsolationMode,
  OnlySignedDevicesIsolationMode,
  type CryptoApi,
  type DeviceIsolationMode,
} from "matrix-js-sdk/lib/crypto-api/index.js";

export type IsolationPolicy =
  /** Share with every device; warn only. */
  | "all-devices"
  /** Share with every device, but refuse to send when a verified person has a problem. */
  | "all-devices-strict"
  /** Share only with devices their owner signed ("exclude insecure devices", MSC4153). */
  | "only-signed";

export const ISOLATION_POLICIES: readonly IsolationPolicy[] = ["all-devices", "all-devices-strict", "only-signed"];

export const DEFAULT_ISOLATION_POLICY: IsolationPolicy = "all-devices";

export const isIsolationPolicy = (v: unknown): v is IsolationPolicy =>
  typeof v === "string" && (ISOLATION_POLICIES as readonly string[]).includes(v);

export function isolationModeFor(policy: IsolationPolicy): DeviceIsolationMode {
  switch (policy) {
    case "all-devices":
      return new AllDevicesIsolationMode(false);
    case "all-devices-strict":
      return new AllDevicesIsolationMode(true);
    case "only-signed":
      return new OnlySignedDevicesIsolationMode();
  }
}

export function applyIsolationPolicy(crypto: CryptoApi, policy: IsolationPolicy): void {
  crypto.setDeviceIsolationMode(isolationModeFor(policy));
}

/** Plain words for the setting screen. */
export const ISOLATION_POLICY_WORDS: Record<IsolationPolicy, string> = {
  "all-devices": "Share messages with all devices of the people in a room, and warn about unverified ones.",
  "all-devices-strict":
    "Share with all devices, but refuse to send when a person you verified changed identity or has a device they did not verify.",
  "only-signed":
    "Share only with devices their owner has verified (recommended): a device its owner did not vouch for can neither read new messages nor be trusted as a sender.",
};
