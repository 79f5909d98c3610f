/** What the demo needs from a browser with the extension loaded, the same for Chromium and Firefox. */
import type { MessageType, RequestOf, ResponseOf } from "../../../src/protocol/messages.ts";
import type { Result } from "../../../src/protocol/result.ts";

export interface DemoTab {
  url(): string;
  /** Runs `fn(arg)` in the page (source text travels, so `fn` may use only its argument). */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** A PNG of the tab's viewport at the given size (CSS pixels). */
  screenshot(file: string, size: { width: number; height: number }): Promise<void>;
  /** A real mouse click at page coordinates (reaches into closed shadow roots, as a user's does). */
  clickAt(x: number, y: number): Promise<void>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

export interface DemoBrowser {
  name: "Chromium" | "Firefox";
  /** "chrome-extension://ID" or "moz-extension://UUID". */
  extensionOrigin: string;
  openTab(url: string): Promise<DemoTab>;
  /** Sends a message from one of the extension's own pages, as the popup does. */
  send<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<Result<ResponseOf<T>>>;
  /** What the content script in a tab shows (the demo build has the test probe: src/content/test-probe.ts). */
  probeContentScript(page: { url: string }): Promise<unknown>;
  /** Opens the popup's page in a small window of its own, popup-sized (visible browsers only). */
  openPopupWindow(hash: string): Promise<void>;
  /** Called once when the user closes the browser. */
  onClosed(listener: () => void): void;
  close(): Promise<void>;
}

export interface LaunchOptions {
  extensionDir: string;
  headless: boolean;
}

export const POPUP_SIZE = { width: 400, height: 600 };

/** The page-side call that opens a popup-sized window on one of the extension's pages. */
export function popupWindowExpression(url: string): string {
  return `(globalThis.browser ?? globalThis.chrome).windows.create(${JSON.stringify({
    url,
    type: "popup",
    width: POPUP_SIZE.width + 20,
    height: POPUP_SIZE.height + 80,
    left: 80,
    top: 120,
  })}).then(() => true)`;
}
