/**
 * The background's side of the verification and repair flows (issue 6): it owns the key broker
 * the session's client was created with, the emoji flows of the current client, and the recovery
 * keys made by a set-up until the user confirmed saving them. Everything here lives in memory only.
 */
import type { MatrixClient } from "matrix-js-sdk";
import { VerificationError } from "../../core/verification/errors.ts";
import { SecretStorageKeyBroker, type KeyPrompt } from "../../core/verification/secret-key-broker.ts";
import { VerificationFlows } from "../../core/verification/flows.ts";
import type { FlowSnapshot } from "../../core/verification/sas-flow.ts";
import {
  completeSetup,
  createRecoveryKey,
  forgetRecoveryKey,
  resetIdentity,
  type NewRecoveryKey,
} from "../../core/verification/setup.ts";
import { readIdentityStatus, type IdentityStatus } from "../../core/verification/status.ts";
import { verifySessionWithRecoveryKey } from "../../core/verification/restore.ts";
import { createDirectRoom, findDirectRoom } from "../../core/verification/dm.ts";
import { readUserIdentity, resolveIdentityChange, type UserIdentityState } from "../../core/verification/identity.ts";
import {
  crossSignOwnDevice,
  readDeviceFingerprint,
  setDeviceVerifiedByHand,
  type DeviceFingerprint,
} from "../../core/verification/devices.ts";
import type { IdentityResolution, TrustChangeKind } from "../../core/verdicts.ts";
import type { FlowAction } from "../../protocol/messages.ts";

/** How long a recovery key made by `beginSetup` waits for the user to confirm they saved it. */
const SETUP_TTL_MS = 15 * 60_000;

export interface VerificationRecords {
  /**
   * Writes the user's resolution to the identity-change record of the person's current key. `pinned` and
   * `withdrawn` create the record if the audit has not yet (the change is certain: the SDK flagged it);
   * `re-verified` only resolves a change already recorded (a plain verification is no change).
   */
  identityResolved(account: string, state: UserIdentityState, resolution: IdentityResolution): Promise<void>;
  /** Appends one entry to the trust-change history. */
  history(account: string, change: { kind: TrustChangeKind; userId: string; deviceId?: string; detail: string }): Promise<void>;
}

export interface VerificationServiceOptions {
  /** The session's client once its crypto is ready (SessionManager.client). */
  client: () => MatrixClient | undefined;
  records?: VerificationRecords;
  /** Raises a browser notification (incoming verification, recovery key wanted). */
  notify?: (title: string, message: string) => void;
  flowTimeoutMs?: number;
}

interface PendingSetup {
  key: NewRecoveryKey;
  reset: boolean;
  timer: ReturnType<typeof setTimeout>;
}

export class VerificationService {
  /** Pass `broker.cryptoCallbacks` to the session's client (SessionEnvironment.cryptoCallbacks). */
  readonly broker: SecretStorageKeyBroker;
  private flowsOf: { client: MatrixClient; flows: VerificationFlows } | null = null;
  private readonly setups = new Map<string, PendingSetup>();
  private nextSetup = 1;

  constructor(private readonly options: VerificationServiceOptions) {
    this.broker = new SecretStorageKeyBroker({
      onPrompt: () => options.notify?.("Recovery key needed", "Open Matrix Trust Auditor to enter your recovery key."),
    });
  }

  private client(): MatrixClient {
    const client = this.options.client();
    if (!client) throw new NotSignedIn();
    return client;
  }

  /** The emoji flows of the current client (a new sign-in gets a fresh set). Call once the client is up. */
  flows(): VerificationFlows {
    const client = this.client();
    if (this.flowsOf?.client !== client) {
      this.flowsOf?.flows.dispose();
      const flows = new VerificationFlows(client, {
        ...(this.options.flowTimeoutMs !== undefined ? { timeoutMs: this.options.flowTimeoutMs } : {}),
        onIncoming: (s) =>
          this.options.notify?.(
            "Verification request",
            s.kind === "own-device" ? "Another of your devices wants to verify this session." : `${s.otherUserId} wants to verify you.`,
          ),
        onChange: (s) => void this.afterFlowChange(client, s),
      });
      this.flowsOf = { client, flows };
    }
    return this.flowsOf.flows;
  }

  /**
   * Starts listening for incoming verification requests on the session's current client, if there
   * is one (call whenever the session's status changes: a sign-in or a restore brings a new client).
   */
  followClient(): void {
    if (this.options.client()) {
      this.flows();
      return;
    }
    // Signed out (or the client went away): nothing of the old session's flows or keys stays.
    this.flowsOf?.flows.dispose();
    this.flowsOf = null;
    for (const id of [...this.setups.keys()]) this.abandonSetup(id);
    this.broker.forgetAnsweredKey();
  }

  status(): Promise<IdentityStatus> {
    return readIdentityStatus(this.client());
  }

  async recover(recoveryKey: string): Promise<IdentityStatus> {
    const client = this.client();
    await verifySessionWithRecoveryKey(client, this.broker, recoveryKey);
    return readIdentityStatus(client);
  }

  async beginSetup(reset: boolean): Promise<{ setupId: string; recoveryKey: string }> {
    const client = this.client();
    const status = await readIdentityStatus(client);
    if (!reset && status.ready && status.recoveryReady)
      throw new VerificationError("wrong-step", "Your identity and recovery key are already set up.");
    if (!reset && status.accountHasIdentity && !status.thisSessionVerified)
      throw new VerificationError(
        "identity-exists",
        "Your account already has a digital identity. Verify this session with your recovery key or another device, or reset your identity.",
      );
    for (const id of [...this.setups.keys()]) this.abandonSetup(id); // one set-up at a time
    const key = await createRecoveryKey(client);
    const setupId = `setup-${this.nextSetup++}`;
    const timer = setTimeout(() => this.abandonSetup(setupId), SETUP_TTL_MS);
    this.setups.set(setupId, { key, reset, timer });
    return { setupId, recoveryKey: key.encoded };
  }

  async finishSetup(setupId: string, password: string, confirmReset: boolean): Promise<IdentityStatus> {
    const client = this.client();
    const pending = this.setups.get(setupId);
    if (!pending) throw new VerificationError("unknown-flow", "That set-up expired. Start again to get a new recovery key.");
    if (pending.reset) await resetIdentity(client, this.broker, pending.key, password, confirmReset);
    else await completeSetup(client, this.broker, pending.key, password);
    this.abandonSetup(setupId);
    if (pending.reset)
      await this.options.records?.history(client.getSafeUserId(), {
        kind: "identity-reset",
        userId: client.getSafeUserId(),
        detail: "You reset your digital identity and made a new recovery key.",
      });
    return readIdentityStatus(client);
  }

  abandonSetup(setupId: string): void {
    const pending = this.setups.get(setupId);
    if (!pending) return;
    clearTimeout(pending.timer);
    forgetRecoveryKey(pending.key);
    this.setups.delete(setupId);
  }

  async verifyThisSession(): Promise<FlowSnapshot> {
    return (await this.flows().verifyThisSession()).snapshot();
  }

  /** Emoji verification with one of this account's own devices; the SDK signs it once the emoji match. */
  async verifyOwnDevice(deviceId: string): Promise<{ flowId: string }> {
    const flow = await this.flows().verifyOwnDevice(deviceId);
    return { flowId: flow.id };
  }

  /** Emoji verification with another person in a DM; a new DM only when `createDm` says the user agreed. */
  async verifyUser(userId: string, roomId: string | undefined, createDm: boolean): Promise<{ flowId: string }> {
    const client = this.client();
    let dm = roomId && isTwoPersonRoom(client, roomId, userId) ? roomId : findDirectRoom(client, userId);
    if (!dm) {
      if (!createDm)
        throw new VerificationError("needs-dm", `You have no direct chat with ${userId}. Start one to verify them?`);
      dm = await createDirectRoom(client, userId);
    }
    const flow = await this.flows().verifyUser(userId, dm);
    return { flowId: flow.id };
  }

  listFlows(): { flows: FlowSnapshot[]; keyPrompt: KeyPrompt | null } {
    return { flows: this.options.client() ? this.flows().list() : [], keyPrompt: this.broker.prompt };
  }

  async flowAction(flowId: string, action: FlowAction): Promise<FlowSnapshot> {
    const flow = this.flows().get(flowId);
    switch (action) {
      case "accept":
        await flow.accept();
        break;
      case "start":
        await flow.startEmoji();
        break;
      case "confirm":
        await flow.confirm();
        break;
      case "mismatch":
        flow.mismatch();
        break;
      case "cancel":
        await flow.cancel();
        break;
    }
    return flow.snapshot();
  }

  /** `shownMasterKey`: the master key the popup showed; refused when the current one differs. */
  async resolveIdentity(userId: string, resolution: "pinned" | "withdrawn", shownMasterKey: string): Promise<void> {
    const client = this.client();
    const state = await resolveIdentityChange(client, userId, resolution, shownMasterKey);
    const account = client.getSafeUserId();
    await this.options.records?.identityResolved(account, state, resolution);
    await this.options.records?.history(account, {
      kind: "identity-reset",
      userId,
      detail:
        resolution === "pinned"
          ? `You accepted the new identity of ${userId}.`
          : `You withdrew the verification of ${userId} after their identity changed.`,
    });
  }

  identity(userId: string): Promise<UserIdentityState> {
    return readUserIdentity(this.client(), userId);
  }

  fingerprint(userId: string, deviceId: string): Promise<DeviceFingerprint> {
    return readDeviceFingerprint(this.client(), userId, deviceId);
  }

  /** `ed25519`: the fingerprint the user compared; refused when the device's key differs. */
  async setDeviceVerified(userId: string, deviceId: string, verified: boolean, ed25519: string): Promise<void> {
    const client = this.client();
    await setDeviceVerifiedByHand(client, userId, deviceId, verified, ed25519);
    if (verified)
      await this.options.records?.history(client.getSafeUserId(), {
        kind: "device-verified",
        userId,
        deviceId,
        detail: `You verified device ${deviceId} of ${userId} by comparing its fingerprint.`,
      });
  }

  /** `ed25519`: the key the user compared with the device's own screen; refused when the device's key differs. */
  async crossSignDevice(deviceId: string, ed25519: string): Promise<void> {
    const client = this.client();
    await crossSignOwnDevice(client, deviceId, ed25519);
    await this.options.records?.history(client.getSafeUserId(), {
      kind: "device-signed",
      userId: client.getSafeUserId(),
      deviceId,
      detail: `You vouched for your device ${deviceId} with your digital identity.`,
    });
  }

  /** A finished emoji verification of another person is a resolution of any identity change of theirs. */
  private async afterFlowChange(client: MatrixClient, snapshot: FlowSnapshot): Promise<void> {
    if (snapshot.step === "done" && snapshot.kind === "own-device" && snapshot.initiatedByMe && snapshot.otherDeviceId) {
      await this.options.records
        ?.history(client.getSafeUserId(), {
          kind: "device-signed",
          userId: client.getSafeUserId(),
          deviceId: snapshot.otherDeviceId,
          detail: `You verified your device ${snapshot.otherDeviceId} by comparing emoji with it.`,
        })
        .catch((error: unknown) => console.warn("[verification] could not record the verification", error));
      return;
    }
    if (snapshot.step !== "done" || snapshot.kind !== "other-user") return;
    try {
      const state = await readUserIdentity(client, snapshot.otherUserId);
      const account = client.getSafeUserId();
      await this.options.records?.identityResolved(account, state, "re-verified");
      await this.options.records?.history(account, {
        kind: "user-verified",
        userId: snapshot.otherUserId,
        detail: `You verified ${snapshot.otherUserId} by comparing emoji.`,
      });
    } catch (error) {
      console.warn("[verification] could not record the verification", error);
    }
  }

  dispose(): void {
    this.flowsOf?.flows.dispose();
    this.flowsOf = null;
    for (const id of [...this.setups.keys()]) this.abandonSetup(id);
  }
}

export class NotSignedIn extends Error {
  constructor() {
    super("Sign in first (or wait a moment: the encryption is still starting).");
    this.name = "NotSignedIn";
  }
}

function isTwoPersonRoom(client: MatrixClient, roomId: string, userId: string): boolean {
  const room = client.getRoom(roomId);
  if (!room || room.getMyMembership() !== "join") return false;
  const members = room.getMembers().filter((m) => m.membership === "join" || m.membership === "invite");
  return members.length === 2 && members.some((m) => m.userId === userId);
}
