// What a route handler receives, and the shared checks: access tokens and User-Interactive Auth.
import { randomBytes } from "node:crypto";
import { MatrixError, badJson, missingParam } from "./errors.ts";
import type { JsonObject, ServerState, StoredDevice, StoredUser } from "./state.ts";

export interface Reply {
  status?: number;
  body: unknown;
}

export interface RequestContext {
  state: ServerState;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: JsonObject;
  accessToken: string | undefined;
  baseUrl: string;
  /** Resolves when the server is stopping, so long polls end. */
  stopping: Promise<void>;
}

export interface AuthedContext extends RequestContext {
  user: StoredUser;
  device: StoredDevice;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path template, e.g. /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}. */
  path: string;
  /** The spec's template for this path when it differs (e.g. an empty state key left off). */
  specPath?: string;
  auth: boolean;
  handle(ctx: AuthedContext): Reply | Promise<Reply>;
}

export function authenticate(ctx: RequestContext): { user: StoredUser; device: StoredDevice } {
  if (!ctx.accessToken) throw new MatrixError(401, "M_MISSING_TOKEN", "Missing access token");
  const session = ctx.state.tokens.get(ctx.accessToken);
  const user = session && ctx.state.users.get(session.userId);
  const device = session && user?.devices.get(session.deviceId);
  if (!user || !device) throw new MatrixError(401, "M_UNKNOWN_TOKEN", "Unrecognised access token", { soft_logout: false });
  device.lastSeenTs = Date.now();
  return { user, device };
}

export function requireString(body: JsonObject, field: string): string {
  const value = body[field];
  if (value === undefined) throw missingParam(`Missing ${field}`);
  if (typeof value !== "string") throw badJson(`${field} must be a string`);
  return value;
}

/** The localpart or full ID an `m.id.user` identifier (or legacy `user` field) names. */
export function identifiedUserId(state: ServerState, body: JsonObject): string | undefined {
  const identifier = body.identifier as JsonObject | undefined;
  const raw = identifier && identifier.type === "m.id.user" ? identifier.user : body.user;
  if (typeof raw !== "string") return undefined;
  return raw.startsWith("@") ? raw : `@${raw}:${state.serverName}`;
}

const UIA_FLOWS = [{ stages: ["m.login.password"] }];

/**
 * User-Interactive Auth with m.login.password: a request without `auth` gets 401 and a session;
 * the retry must carry that session and the user's password.
 */
export function requireUserInteractiveAuth(ctx: AuthedContext): void {
  const auth = ctx.body.auth as JsonObject | undefined;
  const challenge = (session: string, extra: JsonObject = {}) =>
    new MatrixError(401, String(extra.errcode ?? ""), String(extra.error ?? "Additional authentication is required"), {
      flows: UIA_FLOWS,
      params: {},
      session,
      completed: [],
    });
  if (!auth || typeof auth !== "object") {
    const session = randomBytes(12).toString("hex");
    ctx.state.uiaSessions.set(session, { userId: ctx.user.userId, completed: [] });
    throw challenge(session);
  }
  const session = typeof auth.session === "string" ? auth.session : undefined;
  const known = session ? ctx.state.uiaSessions.get(session) : undefined;
  if (!session || !known || known.userId !== ctx.user.userId) throw new MatrixError(400, "M_UNKNOWN", "Unknown or missing UIA session");
  if (auth.type !== "m.login.password") throw challenge(session, { errcode: "M_UNRECOGNIZED", error: "Only m.login.password is offered" });
  const userId = identifiedUserId(ctx.state, auth);
  if (userId !== ctx.user.userId || auth.password !== ctx.user.password) throw challenge(session, { errcode: "M_FORBIDDEN", error: "Invalid password" });
  ctx.state.uiaSessions.delete(session);
}
