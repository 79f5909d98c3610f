/**
 * Finds the homeserver's client-API base URL from what the user typed: a server name
 * (`example.org`, resolved through `/.well-known/matrix/client` as the spec's client discovery
 * says) or a full URL. Either way the result is validated with `/_matrix/client/versions`.
 */
import { isRecord } from "../../protocol/guards.ts";
import type { ResolvedHomeserver } from "../../protocol/messages.ts";
import { SessionError, insecureConnection, isNameNotFound, isTimeout, rateLimited, serverError, tlsFailureCode, unknownServer, unreachable } from "./errors.ts";
import { type HttpOptions, fetchWithTimeout, readJson } from "./http.ts";

export type { ResolvedHomeserver };

/** Server name grammar from the spec: DNS name, IPv4 or [IPv6], optional port. */
const SERVER_NAME = /^(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,255})(?::\d{1,5})?$/;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/** The host permission pattern for a base URL: every port of its host (Firefox patterns cannot name a port). */
export function permissionOriginOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Plain http only to this computer, as the manifest's optional host permissions allow (https://*
 * and loopback http); anything else would be refused by the browser when asking for the permission.
 */
const HTTP_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function refuseRemoteHttp(url: URL, input: string): void {
  if (url.protocol === "http:" && !HTTP_HOSTS.has(url.hostname))
    throw unknownServer(input, `plain http:// is possible only for a server on this computer, and ${url.host} is not; use its https:// address`);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** Parses an http(s) URL, or returns undefined. */
function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
    if (url.username || url.password) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

function networkFailure(error: unknown, input: string, where: string): SessionError {
  if (isTimeout(error)) return unreachable(where);
  const tls = tlsFailureCode(error);
  if (tls) return insecureConnection(where, tls);
  if (isNameNotFound(error)) return unknownServer(input, "no such host");
  return unreachable(where);
}

function statusFailure(response: Response, input: string, where: string): SessionError {
  if (response.status === 429) {
    const seconds = Number(response.headers.get("Retry-After"));
    return rateLimited(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined);
  }
  if (response.status >= 500) return serverError(where, response.status);
  return unknownServer(input, `it answered HTTP ${response.status} where a Matrix server answers`);
}

/** Checks that `baseUrl` speaks the Matrix client API; returns it on success. */
async function validateBaseUrl(baseUrl: string, input: string, http: HttpOptions): Promise<string> {
  let response: Response;
  try {
    response = await fetchWithTimeout(http, `${baseUrl}/_matrix/client/versions`);
  } catch (error) {
    throw networkFailure(error, input, baseUrl);
  }
  if (!response.ok) throw statusFailure(response, input, baseUrl);
  const body = await readJson(response);
  const versions = isRecord(body) ? body.versions : undefined;
  if (!Array.isArray(versions) || !versions.every((v) => typeof v === "string"))
    throw unknownServer(input, "its answer is not a Matrix version list");
  return baseUrl;
}

/** GET /.well-known/matrix/client at `origin`: the base URL it names, or undefined when there is none (404). */
async function wellKnownBaseUrl(origin: string, input: string, http: HttpOptions): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetchWithTimeout(http, `${origin}/.well-known/matrix/client`);
  } catch (error) {
    if (isTimeout(error)) throw unreachable(origin);
    const tls = tlsFailureCode(error);
    if (tls) throw insecureConnection(origin, tls);
    // A browser cannot tell "no such host" from "nothing listening": for a name either way we found nothing.
    throw unknownServer(input, isNameNotFound(error) ? "no such host" : "nothing answered at that name");
  }
  if (response.status === 404) return undefined;
  if (!response.ok) throw statusFailure(response, input, origin);
  const body = await readJson(response);
  const homeserver = isRecord(body) ? body["m.homeserver"] : undefined;
  const baseUrl = isRecord(homeserver) ? homeserver.base_url : undefined;
  if (typeof baseUrl !== "string") throw unknownServer(input, "its .well-known/matrix/client names no homeserver");
  const parsed = parseHttpUrl(baseUrl);
  if (!parsed) throw unknownServer(input, "its .well-known/matrix/client names an invalid address");
  refuseRemoteHttp(parsed, input);
  return trimSlash(parsed.href);
}

export async function resolveHomeserver(input: string, http: HttpOptions): Promise<ResolvedHomeserver> {
  const typed = input.trim();
  if (typed === "") throw new SessionError("bad-request", "Enter your homeserver, for example matrix.org.");
  let baseUrl: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(typed)) {
    const url = parseHttpUrl(typed);
    if (!url) throw unknownServer(typed, "only http:// and https:// addresses are possible");
    refuseRemoteHttp(url, typed);
    const given = trimSlash(url.origin + url.pathname);
    try {
      baseUrl = await validateBaseUrl(given, typed, http);
    } catch (error) {
      // "https://example.org" may host only the .well-known file, with the API elsewhere.
      if (!(error instanceof SessionError) || error.code !== "unknown-server" || url.pathname !== "/") throw error;
      const discovered = await wellKnownBaseUrl(url.origin, typed, http);
      if (discovered === undefined || discovered === given) throw error;
      baseUrl = await validateBaseUrl(discovered, typed, http);
    }
  } else {
    if (!SERVER_NAME.test(typed)) throw unknownServer(typed, "that is not a server name");
    // Loopback has no certificates; everything else must be https, as the spec's discovery says.
    const origin = `${LOOPBACK.test(typed) ? "http" : "https"}://${typed}`;
    const discovered = await wellKnownBaseUrl(origin, typed, http);
    baseUrl = await validateBaseUrl(discovered ?? origin, typed, http);
  }
  return { baseUrl, permissionOrigin: permissionOriginOf(baseUrl) };
}

/** The server name of a full user ID (`@alice:example.org` → `example.org`), if it is one. */
export function serverNameOfUserId(user: string): string | undefined {
  const match = /^@[^:]+:(.+)$/.exec(user.trim());
  return match?.[1];
}
