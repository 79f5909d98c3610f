/**
 * Which devices this session shares room keys with and accepts messages from (device isolation).
 * The audit's policy preview uses the same setting to show who would be left out. The values are
 * the protocol's `IsolationPolicy` (src/protocol/domain-types.ts); the popup holds the words for them.
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
  | "only-cross-signed";

export const DEFAULT_ISOLATION_POLICY: IsolationPolicy = "all-devices";

/** The SDK's device isolation mode for a policy. Never throws. */
export function isolationModeFor(policy: IsolationPolicy): DeviceIsolationMode {
  switch (policy) {
    case "all-devices":
      return new AllDevicesIsolationMode(false);
    case "all-devices-strict":
      return new AllDevicesIsolationMode(true);
    case "only-cross-signed":
      return new OnlySignedDevicesIsolationMode();
  }
}

/** Makes the crypto share room keys as the policy says, from the next message on. Never throws. */
export function applyIsolationPolicy(crypto: CryptoApi, policy: IsolationPolicy): void {
  crypto.setDeviceIsolationMode(isolationModeFor(policy));
}
