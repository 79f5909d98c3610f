/**
 * Every way signing in, restoring or signing out can fail, mapped to one protocol error code
 * with words the user can act on. Nothing here throws across the message boundary: the router
 * turns a SessionError into `{ ok: false, error }`.
 */
import { ConnectionError, HTTPError, MatrixError } from "matrix-js-sdk";
import type { ErrorCode, ProtocolError } from "../../protocol/result.ts";

export class SessionError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "SessionError";
  }

  toProtocol(): ProtocolError {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}

export const unknownServer = (input: string, why: string): SessionError =>
  new SessionError(
    "unknown-server",
    `"${input}" is not a Matrix homeserver we could find (${why}). Check the spelling, or enter the server's full address such as https://matrix.example.org.`,
  );

export const unreachable = (where: string): SessionError =>
  new SessionError(
    "server-unreachable",
    `The homeserver at ${where} did not answer. Check your connection and the address, or try again later.`,
  );

export const serverError = (where: string, status: number): SessionError =>
  new SessionError(
    "server-error",
    `The homeserver at ${where} had an internal problem (HTTP ${status}). Nothing was stored; try again later.`,
  );

export const rateLimited = (retryAfterMs: number | undefined): SessionError => {
  const wait = retryAfterMs === undefined ? "a little while" : `${Math.max(1, Math.ceil(retryAfterMs / 1000))} seconds`;
  return new SessionError(
    "rate-limited",
    `The homeserver is limiting requests. Nothing was stored; try again in ${wait}.`,
    retryAfterMs,
  );
};

export const insecureConnection = (where: string, code: string): SessionError =>
  new SessionError(
    "server-unreachable",
    `The connection to ${where} could not be secured (${code}): the server's certificate is not valid for it, or it does not speak TLS there. Check the address; if it is right, the server's set-up is broken or something is intercepting the connection. Nothing was sent.`,
  );

/** Whether a failed fetch is the timeout we set (browsers and Node name it differently). */
export function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "TimeoutError" || error.name === "AbortError") return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
}

/** Node says why a connection failed (e.g. ENOTFOUND); browsers only say "Failed to fetch". */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A certificate or TLS failure, as Node names it (browsers do not tell pages why a connection failed). */
export function tlsFailureCode(error: unknown): string | undefined {
  const code = networkCode(error);
  return code !== undefined && /CERT|SSL|TLS/.test(code) ? code : undefined;
}

/** DNS could not find the host: the name is wrong rather than the server being down. */
export const isNameNotFound = (error: unknown): boolean => {
  const code = networkCode(error);
  return code === "ENOTFOUND" || code === "EAI_AGAIN";
};

function retryAfterOf(error: HTTPError): number | undefined {
  try {
    return error.getRetryAfterMs() ?? undefined;
  } catch {
    return undefined;
  }
}

export interface RequestContext {
  /** What the user typed or the server's URL, for the message. */
  where: string;
  /** What a 401/403 means for this request. */
  forbidden: SessionError;
}

/**
 * Maps an error thrown by a matrix-js-sdk request (login, whoami, logout) to a SessionError.
 * Errors already mapped pass through unchanged.
 */
export function fromRequestError(error: unknown, context: RequestContext): SessionError {
  if (error instanceof SessionError) return error;
  if (error instanceof MatrixError || error instanceof HTTPError) {
    const status = error.httpStatus ?? 0;
    if (error.isRateLimitError() || status === 429) return rateLimited(retryAfterOf(error));
    const errcode = error instanceof MatrixError ? error.errcode : undefined;
    if (errcode === "M_FORBIDDEN" || errcode === "M_UNKNOWN_TOKEN" || status === 401 || status === 403)
      return context.forbidden;
    if (errcode === "M_USER_DEACTIVATED")
      return new SessionError("wrong-password", "This account has been deactivated on its homeserver.");
    if (status >= 500) return serverError(context.where, status);
    if (status === 404 || status === 405)
      return unknownServer(context.where, "it does not offer the Matrix client API");
    return new SessionError(
      "internal",
      `The homeserver at ${context.where} refused the request (HTTP ${status}${errcode ? `, ${errcode}` : ""}).`,
    );
  }
  if (isTimeout(error)) return unreachable(context.where);
  if (error instanceof ConnectionError || error instanceof TypeError) {
    const tls = tlsFailureCode(error);
    if (tls) return insecureConnection(context.where, tls);
    if (isNameNotFound(error)) return unknownServer(context.where, "no such host");
    return unreachable(context.where);
  }
  return new SessionError("internal", `Unexpected problem: ${error instanceof Error ? error.message : String(error)}`);
}

/** Turns anything caught at the boundary into a protocol error. */
export function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof SessionError) return error.toProtocol();
  return { code: "internal", message: `Unexpected problem: ${error instanceof Error ? error.message : String(error)}` };
}
