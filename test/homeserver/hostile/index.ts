// The hostile and failing modes of the test homeserver, switched on per test:
//   hs.hostile.lieInKeys(swappedMasterKey("@bob:localhost", "EVIL"));
//   hs.hostile.failRequests({ path: "/sync", failure: { kind: "status", status: 502 }, times: 3 });
// Inert until a lie or rule is added; `clear()` makes the server honest again.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { JsonObject } from "../state.ts";
import { fail, type FailRule } from "./failing.ts";
import { RawJson, type HostileHooks } from "./hooks.ts";
import type { KeysLie } from "./key-lies.ts";
import type { SyncLie } from "./sync-lies.ts";

export { RawJson } from "./hooks.ts";
export type { Failure, FailRule } from "./failing.ts";
export * from "./key-lies.ts";
export * from "./sync-lies.ts";

export class Hostility implements HostileHooks {
  private keyLies: KeysLie[] = [];
  private syncLies: SyncLie[] = [];
  private rules: FailRule[] = [];
  private readonly hanging = new Set<ServerResponse>();
  /** How many /keys/query answers carried a lie, per requester. */
  readonly liesServed = new Map<string, number>();
  /** Users whose keys were in an answer that went through the lies. */
  readonly usersAnswered = new Set<string>();
  /** Requests failed on purpose, as "kind path". */
  readonly failed: string[] = [];

  lieInKeys(lie: KeysLie): void {
    this.keyLies.push(lie);
    // Lies that write raw text go last, after every lie that edits the JSON.
    this.keyLies.sort((a, b) => Number(a.final === true) - Number(b.final === true));
  }

  lieInSync(lie: SyncLie): void {
    this.syncLies.push(lie);
  }

  failRequests(rule: FailRule): void {
    this.rules.push({ ...rule });
  }

  /** Honest again: lies and failure rules dropped, hanging requests cut. */
  clear(): void {
    this.keyLies = [];
    this.syncLies = [];
    this.rules = [];
    this.endHanging();
  }

  endHanging(): void {
    for (const response of this.hanging) response.destroy();
    this.hanging.clear();
  }

  keysQuery(body: JsonObject, requester: string): JsonObject | RawJson {
    if (this.keyLies.length === 0) return body;
    for (const userId of Object.keys((body.device_keys as JsonObject | undefined) ?? {})) this.usersAnswered.add(userId);
    let current: JsonObject | RawJson = structuredClone(body);
    for (const lie of this.keyLies) {
      if (current instanceof RawJson) break; // a raw answer is final
      current = lie(current, requester);
    }
    this.liesServed.set(requester, (this.liesServed.get(requester) ?? 0) + 1);
    return current;
  }

  sync(body: JsonObject, requester: string, since: string | undefined): JsonObject | RawJson {
    let current: JsonObject | RawJson = body;
    for (const lie of this.syncLies) {
      if (current instanceof RawJson) break;
      current = lie(current, requester, since);
    }
    return current;
  }

  intercept(request: IncomingMessage, response: ServerResponse, path: string): boolean {
    if (request.method === "OPTIONS") return false;
    const rule = this.rules.find((r) => r.times > 0 && (r.path === undefined || path.includes(r.path)));
    if (!rule) return false;
    rule.times -= 1;
    this.failed.push(`${rule.failure.kind} ${path}`);
    fail(rule.failure, request, response, this.hanging);
    return true;
  }
}
