/**
 * All emoji verifications of one session: the ones this user starts (own device, another person)
 * and the ones others send (`VerificationRequestReceived`). Finished flows stay readable for a while
 * so the popup can show how they ended.
 */
import type { MatrixClient } from "matrix-js-sdk";
import { CryptoEvent, type VerificationRequest } from "matrix-js-sdk/lib/crypto-api/index.js";
import { VerificationError } from "./errors.ts";
import { SasFlow, type FlowSnapshot } from "./sas-flow.ts";
import { requireCrypto } from "./crypto.ts";

export interface FlowsOptions {
  timeoutMs?: number;
  /** Offer this device's QR code when a flow is ready (default true). */
  showQrCode?: boolean;
  /** How long a finished flow stays listed. */
  keepFinishedMs?: number;
  /** Told when another device or person asks to verify (e.g. to raise a notification). */
  onIncoming?: (snapshot: FlowSnapshot) => void;
  onChange?: (snapshot: FlowSnapshot) => void;
}

export class VerificationFlows {
  private readonly flows = new Map<string, { flow: SasFlow; finishedAt: number | null }>();
  private nextId = 1;
  private readonly onRequest = (request: VerificationRequest) => {
    if (request.initiatedByMe) return;
    const flow = this.track(request);
    this.options.onIncoming?.(flow.snapshot());
  };

  constructor(
    private readonly client: MatrixClient,
    private readonly options: FlowsOptions = {},
  ) {
    client.on(CryptoEvent.VerificationRequestReceived, this.onRequest);
  }

  dispose(): void {
    this.client.off(CryptoEvent.VerificationRequestReceived, this.onRequest);
    for (const { flow } of this.flows.values()) if (!flow.finished) void flow.cancel();
    this.flows.clear();
  }

  /** Asks my other devices to verify this session (`requestOwnUserVerification`). */
  async verifyThisSession(): Promise<SasFlow> {
    return this.track(await requireCrypto(this.client).requestOwnUserVerification());
  }

  /**
   * Asks one of my own devices to verify by emoji (`requestDeviceVerification`). Once the emoji
   * match, the SDK signs that device with this account's identity: the emoji are the comparison.
   */
  async verifyOwnDevice(deviceId: string): Promise<SasFlow> {
    const me = this.client.getSafeUserId();
    if (deviceId === this.client.getDeviceId())
      throw new VerificationError("wrong-step", "This is the extension's own session: verify it with “verify this session”.");
    const crypto = requireCrypto(this.client);
    const device = (await crypto.getUserDeviceInfo([me], true)).get(me)?.get(deviceId);
    if (!device) throw new VerificationError("unknown-device", "That device is not one of this account's devices.");
    return this.track(await crypto.requestDeviceVerification(me, deviceId));
  }

  /** Asks `userId` to verify in the DM room `roomId` (`requestVerificationDM`). */
  async verifyUser(userId: string, roomId: string): Promise<SasFlow> {
    if (userId === this.client.getSafeUserId())
      throw new VerificationError("wrong-step", "To verify your own devices, use “verify this session”.");
    const crypto = requireCrypto(this.client);
    // The SDK needs their identity; fetch it if this session does not track them yet.
    await crypto.getUserDeviceInfo([userId], true);
    if (!(await crypto.userHasCrossSigningKeys(userId, true)))
      throw new VerificationError(
        "no-identity",
        "This person has no digital identity yet, so there is nothing to verify. Ask them to set one up (or verify their devices one by one).",
      );
    return this.track(await crypto.requestVerificationDM(userId, roomId));
  }

  get(id: string): SasFlow {
    this.prune();
    const entry = this.flows.get(id);
    if (!entry) throw new VerificationError("unknown-flow", "That verification is no longer open.");
    return entry.flow;
  }

  list(): FlowSnapshot[] {
    this.prune();
    return [...this.flows.values()].map(({ flow }) => flow.snapshot());
  }

  private track(request: VerificationRequest): SasFlow {
    for (const { flow } of this.flows.values()) if (flow.request === request) return flow;
    const id = `flow-${this.nextId++}`;
    const entry = { flow: null as unknown as SasFlow, finishedAt: null as number | null };
    entry.flow = new SasFlow(request, {
      id,
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
      ...(this.options.showQrCode !== undefined ? { showQrCode: this.options.showQrCode } : {}),
      onChange: (snapshot) => {
        if (snapshot.step === "done" || snapshot.step === "failed") entry.finishedAt = Date.now();
        this.options.onChange?.(snapshot);
      },
    });
    this.flows.set(id, entry);
    return entry.flow;
  }

  private prune(): void {
    const keep = this.options.keepFinishedMs ?? 10 * 60_000;
    const now = Date.now();
    for (const [id, { finishedAt }] of this.flows) if (finishedAt !== null && now - finishedAt > keep) this.flows.delete(id);
  }
}

