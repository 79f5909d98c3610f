/**
 * The one table from message type to handler. Each handler lives in its own file. The table's
 * type lists every message, so a new message needs an entry here.
 */
import type { HandlerTable } from "./context.ts";
import { ping } from "./ping.ts";
import { verificationMessageHandlers } from "./handlers/verification.ts";
import { sessionHandlers } from "./handlers/session.ts";
import { auditHandlers } from "./audit/handlers.ts";
import { currentAudit } from "./audit/running-audit.ts";

export const handlerTable: HandlerTable = {
  ping,
  ...sessionHandlers(),
  ...auditHandlers(currentAudit),
  ...verificationMessageHandlers,
};
