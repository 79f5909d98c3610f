/**
 * The other side of an emoji verification, scripted on a second real client: it answers (or sends)
 * requests the way Element would, shows its emoji to the test, and confirms, rejects or cancels.
 */
import type { MatrixClient } from "matrix-js-sdk";
import {
  CryptoEvent,
  VerificationPhase,
  VerificationRequestEvent,
  VerifierEvent,
  type ShowSasCallbacks,
  type VerificationRequest,
} from "matrix-js-sdk/lib/crypto-api/index.js";

/** The next verification request the client receives. */
export function nextIncomingRequest(client: MatrixClient): Promise<VerificationRequest> {
  return new Promise((resolve) => {
    const on = (request: VerificationRequest) => {
      if (request.initiatedByMe) return;
      client.off(CryptoEvent.VerificationRequestReceived, on);
      resolve(request);
    };
    client.on(CryptoEvent.VerificationRequestReceived, on);
  });
}

export function waitForPhase(request: VerificationRequest, phases: VerificationPhase[]): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (phases.includes(request.phase)) {
        request.off(VerificationRequestEvent.Change, check);
        resolve();
      }
    };
    request.on(VerificationRequestEvent.Change, check);
    check();
  });
}

/** Accepts `request` and waits until the initiator starts SAS; resolves with the emoji callbacks. */
export async function acceptAndAwaitSas(request: VerificationRequest): Promise<ShowSasCallbacks> {
  await request.accept();
  await waitForPhase(request, [VerificationPhase.Started, VerificationPhase.Cancelled]);
  const verifier = request.verifier;
  if (!verifier) throw new Error(`no verifier (phase ${request.phase})`);
  const shown = new Promise<ShowSasCallbacks>((resolve) => {
    const ready = verifier.getShowSasCallbacks();
    if (ready) resolve(ready);
    verifier.on(VerifierEvent.ShowSas, resolve);
  });
  // verify() sends the accept and runs to the end; its rejection on cancel is expected in some tests.
  verifier.verify().catch(() => undefined);
  return shown;
}
