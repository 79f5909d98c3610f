// Where a hostile or failing mode plugs into the test homeserver: three narrow hooks the normal
// server calls when set (state.hostile), and a raw-text body for answers JSON cannot express.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { JsonObject } from "../state.ts";

/** A response body sent exactly as written (duplicate keys, broken JSON). */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface HostileHooks {
  /** Rewrites the /keys/query answer the server computed for `requester`. */
  keysQuery(body: JsonObject, requester: string): JsonObject | RawJson;
  /** Rewrites a /sync answer; `since` is the token the client sent, if any. */
  sync(body: JsonObject, requester: string, since: string | undefined): JsonObject | RawJson;
  /** Called before routing: true when it has answered (or dropped) the request itself. */
  intercept(request: IncomingMessage, response: ServerResponse, path: string): boolean;
}

export function serialize(body: unknown): string {
  return body instanceof RawJson ? body.text : JSON.stringify(body);
}
