/**
 * Handlers of the session messages. A SessionError keeps its code and plain words (and the wait
 * of a rate limit); nothing is thrown back to the popup.
 */
import { ok, type Result } from "../../protocol/result.ts";
import type { Handler } from "../context.ts";
import { syncSessionAlarm } from "../session/alarms.ts";
import { toProtocolError } from "../../core/homeserver/errors.ts";
import { keepAliveWhile } from "../session/keep-alive.ts";
import { currentSession } from "../session/running-session.ts";
import type { SessionManager } from "../session/session-manager.ts";
import { currentAudit } from "../audit/running-audit.ts";
import type { AuditDiagnostics } from "../../protocol/messages.ts";

type SessionMessage =
  | "session.status"
  | "session.signIn"
  | "session.signOut"
  | "session.resolveHomeserver"
  | "session.unlock"
  | "session.lock"
  | "session.setPassphrase"
  | "session.removePassphrase";

/** Runs one request to its end (the background stays up meanwhile) and answers errors as data. */
async function attempt<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await keepAliveWhile(run));
  } catch (error) {
    return { ok: false, error: toProtocolError(error) };
  }
}

/** Keeps the refresh alarm in step after a sign-in or sign-out; failing to does not fail the answer. */
function followAlarm(session: SessionManager): void {
  void syncSessionAlarm(session).catch((error) => console.warn("[session] could not update the alarm", error));
}

/** The running audit's diagnostics; undefined when no audit has run in this background (yet). */
function runningAuditDiagnostics(): AuditDiagnostics | undefined {
  try {
    return currentAudit().service.diagnostics();
  } catch {
    return undefined;
  }
}

export function sessionHandlers(
  session: () => SessionManager = currentSession,
  auditDiagnostics: () => AuditDiagnostics | undefined = runningAuditDiagnostics,
): { [T in SessionMessage]: Handler<T> } {
  return {
    "session.status": () =>
      attempt(async () => {
        const status = await session().status();
        const audit = auditDiagnostics();
        return audit ? { ...status, audit } : status;
      }),
    "session.resolveHomeserver": ({ homeserver }) => attempt(() => session().resolve(homeserver)),
    "session.signIn": (request) =>
      attempt(async () => {
        const status = await session().signIn(request);
        followAlarm(session());
        return status;
      }),
    "session.unlock": ({ passphrase }) => attempt(() => session().unlock(passphrase)),
    "session.lock": () => attempt(() => session().lock()),
    "session.setPassphrase": ({ passphrase, current }) => attempt(() => session().setPassphrase(passphrase, current)),
    "session.removePassphrase": ({ current }) => attempt(() => session().removePassphrase(current)),
    "session.signOut": ({ keepRecords }) =>
      attempt(async () => {
        const result = await session().signOut({ keepRecords: keepRecords === true });
        followAlarm(session());
        return result;
      }),
  };
}
