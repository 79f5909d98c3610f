/**
 * Handlers of the verification and repair messages (issue 6). Each turns the service's outcome
 * into a Result: a flow's own failure (wrong recovery key, refused password, cancelled…) keeps its
 * code and plain words; a server failure says so; nothing is thrown back to the popup.
 */
import { MatrixError, ConnectionError } from "matrix-js-sdk";
import { isVerificationError } from "../../core/verification/errors.ts";
import { fail, ok, type Result } from "../../protocol/result.ts";
import type { Handler, HandlerTable } from "../context.ts";
import { NotSignedIn, type VerificationService } from "../verification/service.ts";

type VerificationMessage =
  | "verification.status"
  | "verification.recover"
  | "verification.setup.begin"
  | "verification.setup.finish"
  | "verification.setup.abandon"
  | "verification.verifyThisSession"
  | "verification.flows"
  | "verification.flowAction"
  | "verification.keyPrompt.answer"
  | "verification.keyPrompt.decline"
  | "verification.requestUser"
  | "identity.pin"
  | "identity.withdraw"
  | "identity.get"
  | "device.fingerprint"
  | "device.setVerified"
  | "device.crossSign"
  | "verification.requestOwnDevice";

const EMPTY: Record<string, never> = {};

/** Maps what a flow threw to an answer the popup can show. */
export function asResult<T>(error: unknown): Result<T> {
  if (isVerificationError(error)) {
    switch (error.code) {
      case "cancelled":
      case "mismatch":
      case "timed-out":
        return fail("wrong-step", error.message);
      default:
        return fail(error.code, error.message);
    }
  }
  if (error instanceof NotSignedIn) return fail("not-signed-in", error.message);
  if (error instanceof MatrixError) {
    if (error.httpStatus === 429) return fail("rate-limited", "Your server asks to slow down; try again in a minute.");
    return fail("server-error", `Your server refused: ${error.errcode ?? error.httpStatus} ${error.data?.error ?? ""}`.trim());
  }
  if (error instanceof ConnectionError) return fail("server-unreachable", "Your server could not be reached. Nothing was changed.");
  console.error("[verification]", error);
  return fail("internal", "The verification failed unexpectedly. Nothing was changed; try again.");
}

async function attempt<T>(run: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return ok(await run());
  } catch (error) {
    return asResult<T>(error);
  }
}

export function verificationHandlers(service: () => VerificationService): { [T in VerificationMessage]: Handler<T> } {
  return {
    "verification.status": () => attempt(() => service().status()),
    "verification.recover": ({ recoveryKey }) => attempt(() => service().recover(recoveryKey)),
    "verification.setup.begin": ({ reset }) => attempt(() => service().beginSetup(reset)),
    "verification.setup.finish": ({ setupId, password, confirmReset }) =>
      attempt(() => service().finishSetup(setupId, password ?? "", confirmReset === true)),
    "verification.setup.abandon": ({ setupId }) => attempt(() => (service().abandonSetup(setupId), EMPTY)),
    "verification.verifyThisSession": () => attempt(() => service().verifyThisSession()),
    "verification.flows": () => attempt(() => service().listFlows()),
    "verification.flowAction": ({ flowId, action }) => attempt(() => service().flowAction(flowId, action)),
    "verification.keyPrompt.answer": ({ promptId, recoveryKey }) =>
      attempt(async () => (await service().broker.answerPrompt(promptId, recoveryKey), EMPTY)),
    "verification.keyPrompt.decline": ({ promptId }) => attempt(() => (service().broker.declinePrompt(promptId), EMPTY)),
    "verification.requestUser": ({ userId, roomId, createDm }) =>
      attempt(() => service().verifyUser(userId, roomId, createDm === true)),
    "identity.pin": ({ userId, masterKey }) => attempt(async () => (await service().resolveIdentity(userId, "pinned", masterKey), EMPTY)),
    "identity.withdraw": ({ userId, masterKey }) =>
      attempt(async () => (await service().resolveIdentity(userId, "withdrawn", masterKey), EMPTY)),
    "identity.get": ({ userId }) => attempt(() => service().identity(userId)),
    "device.fingerprint": ({ userId, deviceId }) => attempt(() => service().fingerprint(userId, deviceId)),
    "device.setVerified": ({ userId, deviceId, verified, ed25519 }) =>
      attempt(async () => (await service().setDeviceVerified(userId, deviceId, verified, ed25519), EMPTY)),
    "device.crossSign": ({ deviceId, ed25519 }) => attempt(async () => (await service().crossSignDevice(deviceId, ed25519), EMPTY)),
    "verification.requestOwnDevice": ({ deviceId }) => attempt(() => service().verifyOwnDevice(deviceId)),
  } satisfies Partial<HandlerTable>;
}

let installed: VerificationService | null = null;

/**
 * Called once by the background's wiring, with the service whose `broker.cryptoCallbacks` the
 * session's client was created with. Until then the messages answer `not-signed-in`.
 */
export function installVerificationService(service: VerificationService): void {
  installed = service;
}

export const verificationMessageHandlers = verificationHandlers(() => {
  if (!installed) throw new NotSignedIn();
  return installed;
});
