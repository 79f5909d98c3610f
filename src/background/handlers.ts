/**
 * The one table from message type to handler. Each handler lives in its own file;
 * messages whose feature has not landed yet answer a clear error instead (replace the stub with the
 * real handler). The table's type lists every message, so a new message needs an entry here.
 */
import type { MessageType } from "../protocol/messages.ts";
import { fail } from "../protocol/result.ts";
import type { Handler, HandlerTable } from "./context.ts";
import { ping } from "./ping.ts";
import { verificationMessageHandlers } from "./handlers/verification.ts";
import { sessionHandlers } from "./handlers/session.ts";

const notYetAvailable =
  <T extends MessageType>(type: T): Handler<T> =>
  async () =>
    fail("internal", `This version of the extension cannot answer ${type} yet.`);

export const handlers: HandlerTable = {
  ping,
  ...sessionHandlers(),
  "audit.report": notYetAvailable("audit.report"),
  "content.badges": notYetAvailable("content.badges"),
  "audit.run": notYetAvailable("audit.run"),
  "audit.acknowledge": notYetAvailable("audit.acknowledge"),
  "history.list": notYetAvailable("history.list"),
  "settings.get": notYetAvailable("settings.get"),
  "settings.set": notYetAvailable("settings.set"),
  ...verificationMessageHandlers,
};
