// Lies in /sync answers.
import type { JsonObject } from "../state.ts";
import type { RawJson } from "./hooks.ts";

export type SyncLie = (body: JsonObject, requester: string, since: string | undefined) => JsonObject | RawJson;

/** Key changes of this user are never announced (device_lists.changed), so clients keep old keys. */
export function silentKeyChanges(userId: string): SyncLie {
  return (body) => {
    const lists = body.device_lists as { changed?: string[] } | undefined;
    if (lists?.changed) lists.changed = lists.changed.filter((u) => u !== userId);
    return body;
  };
}

/** Every answer gives back the token it was asked with: a client following it never moves on. */
export function stuckToken(): SyncLie {
  return (body, _requester, since) => {
    if (since !== undefined) body.next_batch = since;
    return body;
  };
}
