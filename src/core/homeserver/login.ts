/**
 * Getting credentials for a new device of our own: password login, or an access token for
 * SSO-only servers (checked with /whoami). No credentials are stored here.
 */
import { MatrixError, Method, createClient, type MatrixClient } from "matrix-js-sdk";
import { isRecord } from "../../protocol/guards.ts";
import { SessionError, fromRequestError } from "./errors.ts";
import type { HttpOptions } from "./http.ts";
import { quietLogger } from "./sdk-logger.ts";

export interface Credentials {
  homeserverUrl: string;
  userId: string;
  deviceId: string;
  accessToken: string;
}

export const wrongPassword = (): SessionError =>
  new SessionError("wrong-password", "The homeserver did not accept that user name and password. Check both and try again.");

export const tokenRefused = (): SessionError =>
  new SessionError("wrong-password", "The homeserver did not accept that access token. Get a new token and try again.");

function unauthenticatedClient(baseUrl: string, http: HttpOptions, accessToken?: string): MatrixClient {
  return createClient({
    baseUrl,
    accessToken,
    fetchFn: http.fetchFn,
    localTimeoutMs: http.timeoutMs,
    logger: quietLogger("[login]"),
  });
}

/** The user as the login API wants it: a full ID stays whole, a localpart loses a stray "@". */
function userIdentifier(user: string): { type: "m.id.user"; user: string } {
  const trimmed = user.trim();
  return { type: "m.id.user", user: trimmed.includes(":") ? trimmed : trimmed.replace(/^@/, "") };
}

export async function loginWithPassword(args: {
  baseUrl: string;
  user: string;
  password: string;
  deviceName: string;
  http: HttpOptions;
}): Promise<Credentials> {
  if (args.user.trim() === "") throw new SessionError("bad-request", "Enter your user name or Matrix ID.");
  if (args.password === "") throw new SessionError("bad-request", "Enter your password.");
  const client = unauthenticatedClient(args.baseUrl, args.http);
  try {
    const response = await client.loginRequest({
      type: "m.login.password",
      identifier: userIdentifier(args.user),
      password: args.password,
      initial_device_display_name: args.deviceName,
    });
    if (!response.access_token || !response.device_id || !response.user_id)
      throw new SessionError("server-error", "The homeserver's login answer lacked a token, user or device.");
    return {
      homeserverUrl: args.baseUrl,
      userId: response.user_id,
      deviceId: response.device_id,
      accessToken: response.access_token,
    };
  } catch (error) {
    throw fromRequestError(error, { where: args.baseUrl, forbidden: wrongPassword() });
  } finally {
    client.stopClient();
  }
}

/**
 * Whether the device already published identity keys. If it did, another app owns that device and
 * its keys; a second crypto store for the same device would break that app's encryption.
 */
async function deviceHasKeys(client: MatrixClient, userId: string, deviceId: string): Promise<boolean> {
  const answer: unknown = await client.http.authedRequest(Method.Post, "/keys/query", undefined, {
    device_keys: { [userId]: [deviceId] },
  });
  const byUser = isRecord(answer) && isRecord(answer.device_keys) ? answer.device_keys[userId] : undefined;
  return isRecord(byUser) && byUser[deviceId] !== undefined;
}

export async function loginWithAccessToken(args: {
  baseUrl: string;
  accessToken: string;
  http: HttpOptions;
}): Promise<Credentials> {
  const accessToken = args.accessToken.trim();
  if (accessToken === "") throw new SessionError("bad-request", "Enter the access token.");
  const client = unauthenticatedClient(args.baseUrl, args.http, accessToken);
  try {
    const who = await client.whoami();
    if (!who.device_id)
      throw new SessionError("bad-request", "That access token belongs to no device; the auditor needs a device of its own.");
    if (await deviceHasKeys(client, who.user_id, who.device_id))
      throw new SessionError(
        "bad-request",
        `That access token belongs to device ${who.device_id}, which another app already uses for encryption. Get a token for a new device instead.`,
      );
    return { homeserverUrl: args.baseUrl, userId: who.user_id, deviceId: who.device_id, accessToken };
  } catch (error) {
    throw fromRequestError(error, { where: args.baseUrl, forbidden: tokenRefused() });
  } finally {
    client.stopClient();
  }
}

/**
 * POST /logout for these credentials, which deletes the device and its keys on the server.
 * Answers whether the server confirmed; an already-invalid token counts as done.
 */
export async function logoutOnServer(credentials: Credentials, http: HttpOptions): Promise<boolean> {
  const client = unauthenticatedClient(credentials.homeserverUrl, http, credentials.accessToken);
  try {
    await client.logout(false);
    return true;
  } catch (error) {
    return error instanceof MatrixError && error.errcode === "M_UNKNOWN_TOKEN";
  } finally {
    client.stopClient();
  }
}
