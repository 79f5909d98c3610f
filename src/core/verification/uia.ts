/**
 * User-Interactive Auth with the account password, for uploading cross-signing keys. Servers ask
 * for it when keys are replaced (a reset); a first upload is usually free (MSC3967).
 */
import { MatrixError } from "matrix-js-sdk";
import type { AuthDict, UIAuthCallback } from "matrix-js-sdk/lib/interactive-auth.js";
import { VerificationError } from "./errors.ts";

interface UiaChallenge {
  session?: string;
  flows?: { stages?: string[] }[];
}

const passwordDict = (userId: string, password: string, session: string | undefined): AuthDict => ({
  type: "m.login.password",
  identifier: { type: "m.id.user", user: userId },
  password,
  ...(session ? { session } : {}),
});

/** The server's UIA challenge when `e` is one, else null. */
function challengeOf(e: unknown): UiaChallenge | null {
  if (e instanceof MatrixError && e.httpStatus === 401 && e.data && typeof e.data === "object") {
    return e.data as UiaChallenge;
  }
  return null;
}

function offersPassword(challenge: UiaChallenge): boolean {
  return (challenge.flows ?? []).some((f) => f.stages?.length === 1 && f.stages[0] === "m.login.password");
}

function translate(e: unknown): never {
  if (e instanceof MatrixError && e.httpStatus === 401 && e.errcode === "M_FORBIDDEN")
    throw new VerificationError("wrong-password", "The server refused that password. Nothing was changed.");
  throw e;
}

/** A UIA callback that answers the password stage once; a refused password ends the flow. */
export function passwordAuth(userId: string, password: string): UIAuthCallback<void> {
  return async (makeRequest) => {
    try {
      await makeRequest(null);
      return;
    } catch (e) {
      const challenge = challengeOf(e);
      if (!challenge) throw e;
      if (!offersPassword(challenge))
        throw new VerificationError(
          "auth-unsupported",
          "Your server asks for a kind of sign-in confirmation this extension cannot do (only passwords are supported).",
        );
      try {
        await makeRequest(passwordDict(userId, password, challenge.session));
      } catch (e2) {
        translate(e2);
      }
    }
  };
}
