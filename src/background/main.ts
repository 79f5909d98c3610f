/**
 * The background's entry point (Chrome: module service worker; Firefox: module event page).
 * The message listener is registered synchronously on every start, so a message that wakes the
 * background is delivered; start-up work runs alongside and handlers wait for it.
 */
import browser from "webextension-polyfill";
import { boot } from "./boot.ts";
import { handlers } from "./handlers.ts";
import { route } from "./router.ts";
import { senderRole } from "./sender.ts";
import { followPermissionRemovals } from "./origins.ts";

const booted = boot();
const self = { id: browser.runtime.id, pageOrigin: browser.runtime.getURL("") };

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  route({ message, role: senderRole(sender, self), tabId: sender.tab?.id, senderUrl: sender.url }, handlers, booted),
);

// A host permission withdrawn in the browser's settings stops the badges on that origin at once.
followPermissionRemovals();
