// Small checks several route modules share.
import { forbidden } from "../errors.ts";
import type { AuthedContext } from "../context.ts";
import type { JsonObject } from "../state.ts";

export const V3 = "/_matrix/client/v3";

export function sameUser(ctx: AuthedContext): void {
  if (ctx.params.userId !== ctx.user.userId) throw forbidden("You may only act on your own account");
}

/** Runs a transactional request once per (user, device, kind, txnId); retries get the first answer. */
export function remembered(ctx: AuthedContext, kind: string, run: () => JsonObject): JsonObject {
  const key = `${ctx.user.userId}|${ctx.device.deviceId}|${kind}|${ctx.params.txnId}`;
  const previous = ctx.state.transactions.get(key);
  if (previous) return previous;
  const result = run();
  ctx.state.transactions.set(key, result);
  return result;
}
