/**
 * What the popup needs from the background: typed requests and the push channel.
 * Screens receive it through `BackendContext`, so the same components run in the extension
 * (`extensionBackend`) and in the test-only preview page.
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import browser from "webextension-polyfill";
import { send } from "./send.ts";
import { POPUP_PORT_NAME, type MessageType, type PopupPush, type RequestOf, type ResponseOf } from "../protocol/messages.ts";
import type { Result } from "../protocol/result.ts";

export interface PopupBackend {
  send<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<Result<ResponseOf<T>>>;
  /** Opens the push channel; `onClosed` runs if the background goes away. Returns a closer. */
  listen(onPush: (push: PopupPush) => void, onClosed: () => void): () => void;
}

export function extensionBackend(): PopupBackend {
  return {
    send,
    listen(onPush, onClosed) {
      const port = browser.runtime.connect({ name: POPUP_PORT_NAME });
      let closedByUs = false;
      port.onMessage.addListener((message: unknown) => {
        if (isPush(message)) onPush(message);
      });
      port.onDisconnect.addListener(() => {
        if (!closedByUs) onClosed();
      });
      return () => {
        closedByUs = true;
        port.disconnect();
      };
    },
  };
}

const PUSH_TYPES = new Set<string>(["audit.overview", "audit.progress", "session.status", "audit.storage"]);

function isPush(message: unknown): message is PopupPush {
  return typeof message === "object" && message !== null && PUSH_TYPES.has((message as { type?: unknown }).type as string);
}

export const BackendContext = createContext<PopupBackend | null>(null);

export function useBackend(): PopupBackend {
  const backend = useContext(BackendContext);
  if (!backend) throw new Error("The popup rendered without a backend.");
  return backend;
}
