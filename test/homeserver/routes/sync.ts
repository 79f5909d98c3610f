// /sync with long polling: answer at once when there is news, else wait for a change or the timeout.
import { badJson, invalidParam } from "../errors.ts";
import type { AuthedContext, Route } from "../context.ts";
import { asSyncFilter, type SyncFilter } from "../filter.ts";
import { buildSync } from "../sync.ts";
import type { JsonObject } from "../state.ts";
import { parseToken } from "./tokens.ts";

/** The request's filter: inline JSON or the ID of one this user stored; none is `{}`. */
function filterOf(ctx: AuthedContext): SyncFilter {
  const raw = ctx.query.get("filter");
  if (!raw) return {};
  if (raw.startsWith("{")) {
    try {
      return asSyncFilter(JSON.parse(raw) as JsonObject);
    } catch {
      throw badJson("filter is not valid JSON");
    }
  }
  const stored = ctx.user.filters.get(raw);
  if (!stored) throw invalidParam(`No filter ${JSON.stringify(raw)} was stored for this user`);
  return asSyncFilter(stored);
}

/** `full_state` is a boolean query parameter: "true" or "false" (the default); anything else is refused. */
function fullStateOf(ctx: AuthedContext): boolean {
  const raw = ctx.query.get("full_state");
  if (raw === null || raw === "false") return false;
  if (raw === "true") return true;
  throw invalidParam(`full_state must be true or false, not ${JSON.stringify(raw)}`);
}

export const syncRoutes: Route[] = [
  {
    method: "GET",
    path: "/_matrix/client/v3/sync",
    auth: true,
    handle: async (ctx) => {
      const sinceRaw = ctx.query.get("since");
      const since = sinceRaw === null ? undefined : parseToken(sinceRaw, "since");
      const timeout = Math.min(Number(ctx.query.get("timeout") ?? 0) || 0, 60_000);
      const filter = filterOf(ctx);
      const fullState = fullStateOf(ctx);
      const deadline = Date.now() + timeout;
      let stopped = false;
      ctx.stopping.then(() => (stopped = true));
      for (;;) {
        const result = buildSync(ctx.state, ctx.user, ctx.device, since === undefined ? { filter, fullState } : { since, filter, fullState });
        const remaining = deadline - Date.now();
        // With full_state the spec ignores the timeout: the answer comes at once.
        if (result.hasNews || since === undefined || fullState || remaining <= 0 || stopped)
          return { body: ctx.state.hostile?.sync(result.body, ctx.user.userId, sinceRaw ?? undefined) ?? result.body };
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, remaining);
          function done() {
            clearTimeout(timer);
            ctx.state.waiters.delete(done);
            resolve();
          }
          ctx.state.waiters.add(done);
          ctx.stopping.then(done);
        });
      }
    },
  },
];
