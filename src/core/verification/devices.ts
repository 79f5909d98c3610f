/**
 * Verifying single devices: by hand after comparing the device's fingerprint out of band
 * (`setDeviceVerified`), and signing my own devices with my identity (`crossSignDevice`).
 */
import type { MatrixClient } from "matrix-js-sdk";
import { VerificationError } from "./errors.ts";
import { requireCrypto } from "./crypto.ts";

export interface DeviceFingerprint {
  userId: string;
  deviceId: string;
  /** Chosen by the device's owner: render as text only. */
  displayName: string | null;
  ed25519: string;
  /** The fingerprint in groups of four characters, the way Element shows it for comparison. */
  groups: string[];
  localVerified: boolean;
  crossSigningVerified: boolean;
  signedByOwner: boolean;
}

/** A key in groups of four characters, for reading aloud. Never throws. */
export const fingerprintGroups = (key: string): string[] => key.match(/.{1,4}/g) ?? [];

/**
 * A device's fingerprint and how this session trusts it. Throws a VerificationError: `wrong-step`
 * when encryption is not running, `unknown-device` when the device is unknown or has no keys.
 */
export async function readDeviceFingerprint(client: MatrixClient, userId: string, deviceId: string): Promise<DeviceFingerprint> {
  const crypto = requireCrypto(client);
  const devices = await crypto.getUserDeviceInfo([userId], true);
  const device = devices.get(userId)?.get(deviceId);
  const status = await crypto.getDeviceVerificationStatus(userId, deviceId);
  const ed25519 = device?.getFingerprint();
  if (!device || !status || !ed25519)
    throw new VerificationError("unknown-device", "That device is unknown or publishes no encryption keys.");
  return {
    userId,
    deviceId,
    displayName: device.displayName ?? null,
    ed25519,
    groups: fingerprintGroups(ed25519),
    localVerified: status.localVerified,
    crossSigningVerified: status.crossSigningVerified,
    signedByOwner: status.signedByOwner,
  };
}

/**
 * Marks a device verified (or not) on this session only. `expectedEd25519` is the fingerprint the
 * user compared: if the device's key changed meanwhile, nothing is marked.
 */
export async function setDeviceVerifiedByHand(
  client: MatrixClient,
  userId: string,
  deviceId: string,
  verified: boolean,
  expectedEd25519: string,
): Promise<DeviceFingerprint> {
  const before = await readDeviceFingerprint(client, userId, deviceId);
  if (before.ed25519 !== expectedEd25519)
    throw new VerificationError("key-mismatch", "The device's fingerprint is not the one you compared. Nothing was marked.");
  await requireCrypto(client).setDeviceVerified(userId, deviceId, verified);
  return readDeviceFingerprint(client, userId, deviceId);
}

/**
 * Signs one of my own devices with my identity, after the user compared its fingerprint with the one
 * the device itself shows (Element: Settings → Sessions). `expectedEd25519` is that compared key: if
 * the device's key is another (a server that made the device up, or swapped its keys meanwhile),
 * nothing is signed. There is deliberately no way to sign a device without the compared key.
 */
export async function crossSignOwnDevice(client: MatrixClient, deviceId: string, expectedEd25519: string): Promise<DeviceFingerprint> {
  const crypto = requireCrypto(client);
  const me = client.getSafeUserId();
  if (!(await crypto.isCrossSigningReady()))
    throw new VerificationError("no-identity", "Verify this session first: only a verified session can vouch for your other devices.");
  const before = await readDeviceFingerprint(client, me, deviceId); // refuses unknown devices
  if (before.ed25519 !== expectedEd25519)
    throw new VerificationError(
      "key-mismatch",
      "This device's key is not the one you compared, so nothing was signed. If you do not recognise the device, sign it out or reset your digital identity.",
    );
  await crypto.crossSignDevice(deviceId);
  await crypto.userHasCrossSigningKeys(me, true); // re-reads our devices, now with the new signature
  return readDeviceFingerprint(client, me, deviceId);
}
