/**
 * The background's end of the popup push channel (see `POPUP_PORT_NAME` in src/protocol/message-table.ts):
 * accepts ports named "popup" from this extension's own pages only, and posts each `PopupPush` to
 * every open one. Register `accept` on `runtime.onConnect` synchronously at start-up.
 */
import type { Runtime } from "webextension-polyfill";
import { POPUP_PORT_NAME, type PopupPush } from "../protocol/messages.ts";
import { senderRole, type ExtensionIdentity } from "./sender.ts";

export class PopupPorts {
  private readonly ports = new Set<Runtime.Port>();

  constructor(private readonly self: ExtensionIdentity) {}

  /** For `runtime.onConnect`: keeps the port if it is a popup of ours, otherwise leaves it alone. */
  accept = (port: Runtime.Port): void => {
    if (port.name !== POPUP_PORT_NAME) return;
    if (!port.sender || senderRole(port.sender, this.self) !== "extension-page") {
      port.disconnect();
      return;
    }
    this.ports.add(port);
    port.onDisconnect.addListener(() => this.ports.delete(port));
    // The popup sends nothing on this port; anything it does send is ignored.
  };

  /** Sends to every open popup; a port that has gone away is dropped. */
  post(push: PopupPush): void {
    for (const port of this.ports) {
      try {
        port.postMessage(push);
      } catch {
        this.ports.delete(port);
      }
    }
  }

  get open(): number {
    return this.ports.size;
  }
}
