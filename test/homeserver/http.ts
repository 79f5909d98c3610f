// The plain node:http front: CORS, JSON bodies, routing by path template, Matrix errors, and an
// optional record of every request/response pair (tests validate them against the spec schemas).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { MatrixError } from "./errors.ts";
import { authenticate, type AuthedContext, type RequestContext, type Route } from "./context.ts";
import { wake, type JsonObject, type ServerState } from "./state.ts";
import { serialize } from "./hostile/hooks.ts";

export interface Exchange {
  method: string;
  /** The route's path template, e.g. /_matrix/client/v3/keys/upload. */
  route: string;
  path: string;
  query: Record<string, string>;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Origin, X-Requested-With, Content-Type, Accept, Authorization",
};

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const pattern = route.path.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === "{" || c === "}" ? c : `\\${c}`)).replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  // The legacy r0 client paths are aliases of v3, as Synapse serves them (matrix-nio 0.20 uses r0).
  const withLegacy = pattern.replace(/^\/_matrix\/client\/v3\//, "/_matrix/client/(?:v3|r0)/");
  return { route, regex: new RegExp(`^${withLegacy}/?$`), names };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** What the server sent: response bodies (bytes of their JSON text), in all and per route template. */
export interface Traffic {
  bytes: number;
  responses: number;
  byRoute: Map<string, { bytes: number; responses: number }>;
}

export interface HttpServer {
  server: Server;
  exchanges: Exchange[];
  traffic: Traffic;
  /** "METHOD /path" of every request no route matched: endpoints a client wanted that this server lacks. */
  unrecognized: string[];
}

export function createHttpServer(state: ServerState, routes: Route[], options: { record: boolean; baseUrl: () => string; stopping: Promise<void> }): HttpServer {
  const compiled = routes.map(compile);
  const exchanges: Exchange[] = [];
  const unrecognized: string[] = [];
  const traffic: Traffic = { bytes: 0, responses: 0, byRoute: new Map() };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    const method = request.method ?? "GET";
    if (method === "OPTIONS") {
      response.writeHead(204, CORS_HEADERS).end();
      return;
    }
    if (state.hostile?.intercept(request, response, url.pathname)) return;
    let status = 200;
    let body: unknown;
    let requestBody: unknown;
    let routePath = "";
    try {
      const raw = method === "POST" || method === "PUT" || method === "DELETE" ? await readBody(request) : "";
      if (raw.trim() !== "") {
        try {
          requestBody = JSON.parse(raw);
        } catch {
          throw new MatrixError(400, "M_NOT_JSON", "Request body is not valid JSON");
        }
        if (typeof requestBody !== "object" || requestBody === null || Array.isArray(requestBody)) throw new MatrixError(400, "M_BAD_JSON", "Request body must be a JSON object");
      } else if (method === "POST" || method === "PUT") {
        requestBody = {};
      }
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        throw new MatrixError(400, "M_INVALID_PARAM", "Malformed percent-encoding in the path");
      }
      const candidates = compiled.filter((c) => c.regex.test(url.pathname));
      const match = candidates.find((c) => c.route.method === method);
      if (!match) {
        unrecognized.push(`${method} ${url.pathname}`);
        throw candidates.length > 0
          ? new MatrixError(405, "M_UNRECOGNIZED", `Method ${method} not allowed on ${path}`)
          : new MatrixError(404, "M_UNRECOGNIZED", `Unrecognized request: ${method} ${path}`);
      }
      routePath = match.route.specPath ?? match.route.path;
      const values = match.regex.exec(url.pathname)!.slice(1).map((v) => decodeURIComponent(v)); // checked above
      const params = Object.fromEntries(match.names.map((name, i) => [name, values[i]!]));
      const header = request.headers.authorization;
      const accessToken = header?.startsWith("Bearer ") ? header.slice(7) : (url.searchParams.get("access_token") ?? undefined);
      const ctx: RequestContext = { state, method, params, query: url.searchParams, body: (requestBody ?? {}) as JsonObject, accessToken, baseUrl: options.baseUrl(), stopping: options.stopping };
      const authed = match.route.auth ? { ...ctx, ...authenticate(ctx) } : (ctx as AuthedContext);
      const reply = await match.route.handle(authed);
      status = reply.status ?? 200;
      body = reply.body;
      // Anything but a read may have changed what a waiting /sync would return.
      if (method !== "GET") wake(state);
    } catch (error) {
      if (error instanceof MatrixError) {
        status = error.status;
        body = error.toBody();
      } else {
        status = 500;
        body = { errcode: "M_UNKNOWN", error: error instanceof Error ? error.message : String(error) };
        console.error("homeserver: internal error", error);
      }
    }
    if (options.record && routePath) {
      exchanges.push({ method, route: routePath, path: url.pathname, query: Object.fromEntries(url.searchParams), requestBody, status, responseBody: structuredClone(body) });
    }
    const text = serialize(body);
    const sent = Buffer.byteLength(text);
    const perRoute = traffic.byRoute.get(routePath || "(no route)") ?? { bytes: 0, responses: 0 };
    traffic.byRoute.set(routePath || "(no route)", { bytes: perRoute.bytes + sent, responses: perRoute.responses + 1 });
    traffic.bytes += sent;
    traffic.responses += 1;
    response.writeHead(status, { ...CORS_HEADERS, "Content-Type": "application/json" }).end(text);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      console.error("homeserver: failed to answer", error);
      if (!response.headersSent) response.writeHead(500, CORS_HEADERS).end();
    });
  });
  return { server, exchanges, unrecognized, traffic };
}
