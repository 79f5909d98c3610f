/**
 * Asking for the homeserver's host permission. Browsers grant it only inside a user gesture, so
 * this must be called synchronously from the click or submit handler, before anything is awaited.
 */
import browser from "webextension-polyfill";

export function requestHostPermission(pattern: string): Promise<boolean> {
  try {
    return browser.permissions.request({ origins: [pattern] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}
