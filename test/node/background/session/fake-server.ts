/**
 * A tiny HTTP server for the failure cases the test homeserver does not produce (5xx, 429, no answer,
 * a web server that is not Matrix). Everything else is tested against the real test homeserver.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What to answer for a request path; undefined means never answer (the request hangs). */
export type FakeRoutes = (path: string, method: string) => FakeAnswer | undefined;

export interface FakeServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Paths requested so far (method and path), for checking what a client tried. */
  requests: string[];
  close(): Promise<void>;
}

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
  "access-control-allow-headers": "Authorization, Content-Type, Accept",
};

export const MATRIX_VERSIONS: FakeAnswer = { status: 200, body: { versions: ["v1.11", "v1.12"] } };

export async function startFakeServer(routes: FakeRoutes): Promise<FakeServer> {
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const method = request.method ?? "GET";
    if (method === "OPTIONS") {
      response.writeHead(204, CORS);
      response.end();
      return;
    }
    requests.push(`${method} ${path}`);
    const answer = routes(path, method);
    if (answer === undefined) return; // hang: the client's time limit decides
    const isJson = answer.body !== undefined && typeof answer.body !== "string";
    response.writeHead(answer.status, {
      ...CORS,
      "content-type": isJson ? "application/json" : "text/plain",
      ...answer.headers,
    });
    response.end(isJson ? JSON.stringify(answer.body) : (answer.body as string | undefined) ?? "");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Matrix-looking server whose /login answers `login` (and whose other endpoints are minimal). */
export function failingLogin(login: FakeAnswer | undefined): FakeRoutes {
  return (path) => {
    if (path === "/_matrix/client/versions") return MATRIX_VERSIONS;
    if (path === "/_matrix/client/v3/login") return login;
    return { status: 404, body: { errcode: "M_UNRECOGNIZED", error: "Unrecognized request" } };
  };
}

/** A free port with nothing listening on it (for "connection refused"). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
