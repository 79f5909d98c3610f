/**
 * The popup's first question: the session's status and, when signed in and not locked, the report's
 * overview, in one answer. Two answers reached the popup one after the other (in Firefox each takes
 * its turn behind the popup's first layout); and a locked session's report is neither sent nor noted
 * as shown.
 */
import { ok } from "../../protocol/result.ts";
import type { Handler } from "../context.ts";

export function popupOpen(status: Handler<"session.status">, overview: Handler<"audit.overview">): Handler<"popup.open"> {
  return async (_payload, context) => {
    const answered = await status({}, context);
    if (!answered.ok) return answered;
    const shown = answered.value.signedIn && answered.value.locked !== true;
    return ok({ status: answered.value, overview: shown ? await overview({}, context) : ok(null) });
  };
}
