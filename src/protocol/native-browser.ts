/**
 * The browser's own extension API, which build.mjs puts in place of webextension-polyfill in the popup
 * and the content script (the polyfill is 9.5 kB there, over a third of the content script's budget).
 * Firefox has `browser`; Chrome's MV3 `chrome` returns promises for everything these two use
 * (runtime.sendMessage and connect, permissions.request, onMessage listeners that answer nothing).
 * The background keeps the polyfill: its onMessage listeners answer with promises, which Chrome's own
 * API does not take.
 */
import type Browser from "webextension-polyfill";

const scope = globalThis as { browser?: Browser.Browser; chrome?: Browser.Browser };
const browser = (scope.browser ?? scope.chrome) as Browser.Browser;
export default browser;
