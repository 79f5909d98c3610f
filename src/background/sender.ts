/**
 * Who sent a message, decided from what the browser says about the sender (never from the message).
 * Only this extension's own pages and its content scripts on web pages are answered at all.
 */
import type { SenderRole } from "../protocol/messages.ts";

/** The parts of runtime.MessageSender that the decision uses. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: unknown;
}

export interface ExtensionIdentity {
  /** runtime.id */
  id: string;
  /** runtime.getURL(""): "chrome-extension://ID/" or "moz-extension://UUID/". */
  pageOrigin: string;
}

export function senderRole(sender: SenderInfo, self: ExtensionIdentity): SenderRole | null {
  if (sender.id !== self.id || typeof sender.url !== "string") return null;
  // Our own pages (popup, or a page of ours opened in a tab) carry our origin; content scripts never
  // run inside extension pages, so a page URL of ours cannot come from one.
  if (sender.url.startsWith(self.pageOrigin)) return "extension-page";
  // A content script of ours: it runs in a tab, on a web page.
  if (sender.tab !== undefined && sender.tab !== null && /^https?:\/\//.test(sender.url)) return "content-script";
  return null;
}
