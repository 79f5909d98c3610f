// Runs an emoji (SAS) verification between two real clients through the homeserver, in a DM room.
import { CryptoEvent } from "matrix-js-sdk/lib/crypto-api/CryptoEvent.js";
import { VerificationPhase, VerifierEvent, type ShowSasCallbacks, type VerificationRequest, type Verifier } from "matrix-js-sdk/lib/crypto-api/verification.js";
import type { TestClient } from "./matrix-client.ts";
import { waitFor } from "./wait-for.ts";

function confirmWhenShown(verifier: Verifier, shown: (sas: ShowSasCallbacks) => void): void {
  verifier.on(VerifierEvent.ShowSas, (sas) => {
    shown(sas);
    void sas.confirm();
  });
}

export interface SasResult {
  initiatorEmoji: string[];
  responderEmoji: string[];
}

/** `initiator` asks `responder` to verify in `dmRoomId`; both compare emoji and confirm. */
export async function verifyWithEmoji(initiator: TestClient, responder: TestClient, dmRoomId: string): Promise<SasResult> {
  const received = new Promise<VerificationRequest>((resolve) => {
    const client = responder.client;
    const onRequest = (request: VerificationRequest) => {
      if (request.otherUserId !== initiator.userId) return;
      client.off(CryptoEvent.VerificationRequestReceived, onRequest);
      resolve(request);
    };
    client.on(CryptoEvent.VerificationRequestReceived, onRequest);
  });
  const outgoing = await initiator.crypto.requestVerificationDM(responder.userId, dmRoomId);
  const incoming = await received;
  await incoming.accept();
  await waitFor(() => outgoing.phase === VerificationPhase.Ready, "the initiator to see the request accepted");
  const result: SasResult = { initiatorEmoji: [], responderEmoji: [] };
  const initiatorVerifier = await outgoing.startVerification("m.sas.v1");
  confirmWhenShown(initiatorVerifier, (sas) => (result.initiatorEmoji = (sas.sas.emoji ?? []).map(([emoji]) => emoji)));
  const responderVerifier = await waitFor(() => incoming.verifier, "the responder to receive m.key.verification.start");
  confirmWhenShown(responderVerifier, (sas) => (result.responderEmoji = (sas.sas.emoji ?? []).map(([emoji]) => emoji)));
  await Promise.all([initiatorVerifier.verify(), responderVerifier.verify()]);
  return result;
}
