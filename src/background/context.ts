/** What every message handler receives besides its request. */
import type { MessageType, RequestOf, ResponseOf, SenderRole } from "../protocol/messages.ts";
import type { Result } from "../protocol/result.ts";
import type { BootState } from "./boot.ts";

export interface HandlerContext {
  /** Decided by the background from the browser's sender info. */
  sender: SenderRole;
  /** The tab a content script runs in (absent for extension pages outside tabs). */
  tabId?: number;
  /** The page (frame) URL a content script runs on, from the browser's sender info. */
  senderUrl?: string;
  /** Settles once per background start; handlers await it before touching storage or crypto. */
  booted: Promise<BootState>;
}

export type Handler<T extends MessageType> = (
  payload: RequestOf<T>,
  context: HandlerContext,
) => Promise<Result<ResponseOf<T>>>;

/** One handler for every message of the protocol table: adding a message without a handler fails typecheck. */
export type HandlerTable = { [T in MessageType]: Handler<T> };
