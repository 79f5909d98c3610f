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
import { popupOpen } from "./handlers/popup-open.ts";

const session = sessionHandlers();
const audit = auditHandlers(currentAudit);

export const handlerTable: HandlerTable = {
  ping,
  ...session,
  ...audit,
  ...verificationMessageHandlers,
  "popup.open": popupOpen(session["session.status"], audit["audit.overview"]),
};
