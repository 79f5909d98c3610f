/**
 * One emoji (SAS) verification, driven as a small state machine over the SDK's VerificationRequest.
 *
 *   requested/incoming ─accept─▶ ready ─(start emoji)─▶ comparing ─confirm─▶ confirmed ─▶ done
 *                                  ready ─(they scan our QR code)─▶ qr-scanned ─confirm─▶ confirmed ─▶ done
 *            any step ─cancel / mismatch / timeout / other side cancels─▶ failed
 *
 * In `ready`, this device shows its QR code when it can (the other side supports scanning, and this
 * device holds its identity keys); otherwise the initiator starts the emoji comparison by itself.
 * The popup sees only `FlowSnapshot`s (plain data) and acts with `accept`, `startEmoji`, `confirm`,
 * `mismatch`, `cancel`.
 */
import {
  VerificationPhase,
  VerificationRequestEvent,
  VerifierEvent,
  type ShowQrCodeCallbacks,
  type ShowSasCallbacks,
  type VerificationRequest,
  type Verifier,
} from "matrix-js-sdk/lib/crypto-api/index.js";
import { VerificationError } from "./errors.ts";

export type FlowStep =
  | "requested"
  | "incoming"
  | "ready"
  | "comparing"
  /** The other side says it scanned our QR code; the user confirms it did. */
  | "qr-scanned"
  | "confirmed"
  | "done"
  | "failed";

export type FlowFailureCode = "cancelled" | "mismatch" | "timed-out";

export interface SasEmoji {
  symbol: string;
  /** The English name the spec gives each emoji, so both sides can read it aloud. */
  name: string;
}

export interface FlowSnapshot {
  id: string;
  /** Another of my own devices, or another person. */
  kind: "own-device" | "other-user";
  otherUserId: string;
  otherDeviceId?: string;
  roomId?: string;
  initiatedByMe: boolean;
  step: FlowStep;
  /** The seven emoji, while comparing. */
  emoji?: SasEmoji[];
  /** While ready: this device's QR code for the other side to scan (the code's bytes, base64). */
  qrCode?: string;
  failure?: { code: FlowFailureCode; byOtherSide: boolean; message: string };
  updatedAt: number;
}

export interface SasFlowOptions {
  id: string;
  /** The whole flow must finish within this; then it is cancelled as timed out. */
  timeoutMs?: number;
  /** Offer this device's QR code in `ready` when possible (default true). */
  showQrCode?: boolean;
  onChange?: (snapshot: FlowSnapshot) => void;
}

const SAS = "m.sas.v1";
const FINAL: readonly FlowStep[] = ["done", "failed"];

export class SasFlow {
  private step: FlowStep;
  private sas: ShowSasCallbacks | null = null;
  private reciprocate: ShowQrCodeCallbacks | null = null;
  private qrCode: string | null = null;
  private qrTried = false;
  private verifier: Verifier | null = null;
  private starting = false;
  private failure: FlowSnapshot["failure"];
  private localEnd: FlowFailureCode | null = null;
  private updatedAt = Date.now();
  private readonly timer: ReturnType<typeof setTimeout>;
  private resolveSettled: (snapshot: FlowSnapshot) => void = () => undefined;
  private readonly settled = new Promise<FlowSnapshot>((resolve) => (this.resolveSettled = resolve));
  private readonly listener = () => this.sync();

  constructor(
    readonly request: VerificationRequest,
    private readonly options: SasFlowOptions,
  ) {
    this.step = request.initiatedByMe ? "requested" : "incoming";
    request.on(VerificationRequestEvent.Change, this.listener);
    this.timer = setTimeout(() => this.expire(), options.timeoutMs ?? 10 * 60_000);
    this.sync();
  }

  get id(): string {
    return this.options.id;
  }

  get finished(): boolean {
    return FINAL.includes(this.step);
  }

  /** Resolves with the final snapshot (done or failed). */
  whenSettled(): Promise<FlowSnapshot> {
    return this.settled;
  }

  snapshot(): FlowSnapshot {
    const r = this.request;
    const emoji = this.step === "comparing" ? this.sas?.sas.emoji : undefined;
    return {
      id: this.id,
      kind: r.isSelfVerification ? "own-device" : "other-user",
      otherUserId: r.otherUserId,
      ...(r.otherDeviceId ? { otherDeviceId: r.otherDeviceId } : {}),
      ...(r.roomId ? { roomId: r.roomId } : {}),
      initiatedByMe: r.initiatedByMe,
      step: this.step,
      ...(emoji ? { emoji: emoji.map(([symbol, name]) => ({ symbol, name })) } : {}),
      ...(this.step === "ready" && this.qrCode ? { qrCode: this.qrCode } : {}),
      ...(this.failure ? { failure: this.failure } : {}),
      updatedAt: this.updatedAt,
    };
  }

  /** Answers an incoming request. */
  async accept(): Promise<void> {
    this.expectStep("incoming");
    await this.request.accept();
    this.sync();
  }

  /** Either side may begin the emoji comparison once both accepted (the initiator does so by itself when it shows no QR code). */
  async startEmoji(): Promise<void> {
    this.expectStep("ready");
    await this.beginSas();
  }

  /** The user says the emoji match (or, after a QR scan, that the other side did scan our code). */
  async confirm(): Promise<void> {
    if (this.step === "qr-scanned") {
      const reciprocate = this.reciprocate!;
      this.move("confirmed");
      reciprocate.confirm();
      return;
    }
    this.expectStep("comparing");
    const sas = this.sas!;
    this.move("confirmed");
    await sas.confirm();
  }

  /** The user says the emoji differ: the flow ends, nothing is verified. */
  mismatch(): void {
    this.expectStep("comparing");
    this.localEnd = "mismatch";
    this.sas!.mismatch();
    this.fail("mismatch", false);
  }

  async cancel(): Promise<void> {
    if (this.finished) return;
    this.localEnd = "cancelled";
    this.fail("cancelled", false);
    await this.abort();
  }

  private async abort(): Promise<void> {
    if (this.sas) this.sas.cancel();
    else if (this.reciprocate) this.reciprocate.cancel();
    else if (this.verifier) this.verifier.cancel(new Error("Cancelled by the user"));
    else await this.request.cancel().catch(() => undefined);
  }

  private expire(): void {
    if (this.finished) return;
    this.localEnd = "timed-out";
    this.fail("timed-out", false);
    void this.abort();
  }

  private expectStep(step: FlowStep): void {
    if (this.step !== step)
      throw new VerificationError("wrong-step", `This verification is ${this.step}, not ${step}.`);
  }

  private async beginSas(): Promise<void> {
    if (this.starting || this.verifier) return;
    this.starting = true;
    try {
      this.attach(await this.request.startVerification(SAS));
    } catch (e) {
      if (!this.finished) this.fail("cancelled", false, `The emoji comparison could not start: ${String(e)}`);
    }
  }

  private attach(verifier: Verifier): void {
    if (this.verifier === verifier) return;
    this.verifier = verifier;
    verifier.on(VerifierEvent.ShowSas, (sas) => this.showSas(sas));
    verifier.on(VerifierEvent.ShowReciprocateQr, (qr) => this.scanned(qr));
    const already = verifier.getShowSasCallbacks();
    if (already) this.showSas(already);
    const scanned = verifier.getReciprocateQrCodeCallbacks();
    if (scanned) this.scanned(scanned);
    // verify() settles with the flow; its rejection on cancel is reported through the request's phase.
    verifier.verify().catch(() => this.sync());
  }

  private showSas(sas: ShowSasCallbacks): void {
    if (this.finished || this.step === "confirmed") return;
    if (!sas.sas.emoji) {
      void this.cancel();
      return;
    }
    this.sas = sas;
    this.move("comparing");
  }

  private scanned(qr: ShowQrCodeCallbacks): void {
    if (this.finished || this.step === "confirmed") return;
    this.reciprocate = qr;
    this.move("qr-scanned");
  }

  /** In `ready`: shows our QR code if we can; the initiator falls back to emoji by itself. */
  private async offerQrOrEmoji(): Promise<void> {
    if (this.qrTried) return;
    this.qrTried = true;
    const r = this.request;
    if (this.options.showQrCode !== false && r.otherPartySupportsMethod("m.qr_code.scan.v1")) {
      const bytes = await r.generateQRCode().catch(() => undefined);
      if (bytes && !this.finished && this.step === "ready") {
        this.qrCode = toBase64(bytes);
        this.touch();
        return;
      }
    }
    if (r.initiatedByMe) await this.beginSas();
  }

  /** Reads the request's phase and moves the machine accordingly. */
  private sync(): void {
    if (this.finished) return;
    const r = this.request;
    switch (r.phase) {
      case VerificationPhase.Unsent:
      case VerificationPhase.Requested:
        this.move(r.initiatedByMe ? "requested" : "incoming");
        break;
      case VerificationPhase.Ready:
        if (this.step !== "comparing" && this.step !== "confirmed") this.move("ready");
        void this.offerQrOrEmoji();
        break;
      case VerificationPhase.Started:
        if (r.verifier) this.attach(r.verifier);
        if (this.step === "requested" || this.step === "incoming") this.move("ready");
        break;
      case VerificationPhase.Done:
        this.move("done");
        break;
      case VerificationPhase.Cancelled:
        this.fromCancellation(r.cancellationCode);
        break;
    }
  }

  private fromCancellation(code: string | null): void {
    if (this.localEnd) return this.fail(this.localEnd, false);
    if (code === "m.mismatched_sas" || code === "m.key_mismatch") return this.fail("mismatch", true);
    if (code === "m.timeout") return this.fail("timed-out", true);
    this.fail("cancelled", true);
  }

  private fail(code: FlowFailureCode, byOtherSide: boolean, message?: string): void {
    if (this.finished) return;
    this.failure = { code, byOtherSide, message: message ?? failureMessage(code, byOtherSide) };
    this.move("failed");
  }

  /** Tells the listener about a change within the same step (e.g. the QR code became available). */
  private touch(): void {
    this.updatedAt = Date.now();
    this.options.onChange?.(this.snapshot());
  }

  private move(step: FlowStep): void {
    if (this.step === step || this.finished) return;
    this.step = step;
    this.updatedAt = Date.now();
    const snap = this.snapshot();
    this.options.onChange?.(snap);
    if (this.finished) {
      clearTimeout(this.timer);
      this.request.off(VerificationRequestEvent.Change, this.listener);
      this.sas = null;
      this.reciprocate = null;
      this.qrCode = null;
      this.resolveSettled(snap);
    }
  }
}

function toBase64(bytes: Uint8ClampedArray): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function failureMessage(code: FlowFailureCode, byOtherSide: boolean): string {
  switch (code) {
    case "mismatch":
      return byOtherSide
        ? "The other side said the emoji did not match. Nothing was verified. If you are unsure why, do not trust this device or person."
        : "You said the emoji did not match. Nothing was verified. Someone may be intercepting: do not trust this device or person.";
    case "timed-out":
      return byOtherSide
        ? "The other side gave up waiting. Nothing was verified; start again when both of you are ready."
        : "Nobody answered in time. Nothing was verified; start again when both of you are ready.";
    case "cancelled":
      return byOtherSide
        ? "The other side cancelled the verification. Nothing was verified."
        : "You cancelled the verification. Nothing was verified.";
  }
}
