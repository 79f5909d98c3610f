// A failing homeserver: requests matching a rule are answered with an error, never answered,
// cut off mid-answer, answered with broken JSON or rate-limited, a set number of times.
import type { IncomingMessage, ServerResponse } from "node:http";

export type Failure =
  | { kind: "status"; status: number }
  | { kind: "hang" }
  | { kind: "drop-mid-response" }
  | { kind: "malformed-json" }
  | { kind: "rate-limit"; retryAfterMs: number };

export interface FailRule {
  /** Which requests: a substring of the path (e.g. "/sync", "/keys/query"), or all when absent. */
  path?: string;
  failure: Failure;
  /** How many matching requests fail; Infinity until cleared. */
  times: number;
}

const CORS = { "Access-Control-Allow-Origin": "*" };

/** Answers the request as the failure says. Hanging requests end when the server stops. */
export function fail(failure: Failure, request: IncomingMessage, response: ServerResponse, hanging: Set<ServerResponse>): void {
  request.resume(); // the body is not read, but must not block the socket
  switch (failure.kind) {
    case "status":
      response.writeHead(failure.status, { ...CORS, "Content-Type": "application/json" }).end(JSON.stringify({ errcode: "M_UNKNOWN", error: `Injected ${failure.status}` }));
      return;
    case "rate-limit":
      response
        .writeHead(429, { ...CORS, "Content-Type": "application/json", "Retry-After": String(Math.ceil(failure.retryAfterMs / 1000)) })
        .end(JSON.stringify({ errcode: "M_LIMIT_EXCEEDED", error: "Too many requests", retry_after_ms: failure.retryAfterMs }));
      return;
    case "malformed-json":
      response.writeHead(200, { ...CORS, "Content-Type": "application/json" }).end('{"next_batch": "s1", "rooms": {"join": {');
      return;
    case "drop-mid-response":
      response.writeHead(200, { ...CORS, "Content-Type": "application/json", "Content-Length": "4096" });
      response.write('{"next_batch": "s', () => response.destroy());
      return;
    case "hang":
      hanging.add(response);
      response.on("close", () => hanging.delete(response));
      return;
  }
}
