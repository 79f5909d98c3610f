/**
 * Turns one untrusted message into one answer: checks the sender and the shape (src/protocol),
 * runs the handler from the table, and returns a Result. Nothing is ever thrown back to the sender.
 */
import { parseRequest, type MessageType, type SenderRole } from "../protocol/messages.ts";
import { fail, type Result } from "../protocol/result.ts";
import type { BootState } from "./boot.ts";
import type { Handler, HandlerContext, HandlerTable } from "./context.ts";

export interface RouteInput {
  message: unknown;
  /** null when the sender is neither our page nor our content script. */
  role: SenderRole | null;
  tabId?: number;
  /** The sender's page URL, as the browser reports it. */
  senderUrl?: string;
}

export async function route(
  { message, role, tabId, senderUrl }: RouteInput,
  handlers: HandlerTable,
  booted: Promise<BootState>,
): Promise<Result<unknown>> {
  if (role === null)
    return fail("forbidden", "Only this extension's own pages and content scripts may send it messages.");
  const parsed = parseRequest(message, role);
  if (!parsed.ok) return fail(parsed.reason, parsed.message);
  const { type, payload } = parsed.envelope;
  // The table is total over MessageType, so the lookup always finds the handler for this type.
  const handler = handlers[type] as Handler<MessageType>;
  const context: HandlerContext = {
    sender: role,
    booted,
    ...(tabId === undefined ? {} : { tabId }),
    ...(senderUrl === undefined ? {} : { senderUrl }),
  };
  try {
    return await handler(payload, context);
  } catch (error) {
    // Storage trouble (quota, a blocked upgrade) is the user's to know, in its own words.
    if (isStorageError(error)) return fail("storage", error.userMessage);
    console.error(`Handler for ${type} failed:`, error);
    return fail("internal", `The extension failed while answering ${type}. Try again; if it persists, reload the extension.`);
  }
}

/** The store's StorageError (src/store/errors.ts), recognised by shape: the background does not import the store here. */
function isStorageError(error: unknown): error is Error & { userMessage: string } {
  return error instanceof Error && error.name === "StorageError" && typeof (error as { userMessage?: unknown }).userMessage === "string";
}
