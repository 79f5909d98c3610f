/**
 * Tells every tab when the account that badges speak for changes: signed out, another account signed
 * in, the session locked or ready again. Content scripts then drop every badge and cached verdict at
 * once and check again whether their Element tab is signed in as the account (src/content/element-session.ts).
 * Every tab is told (not only those that asked), so a tab that asked before a background restart hears too.
 */
import browser from "webextension-polyfill";
import { SESSION_CHANGED, type SessionChangedPush } from "../../protocol/messages.ts";

export class SessionBroadcast {
  /** The session last seen (sessionKey); undefined before the first look in this background start. */
  private last: string | undefined = undefined;

  /** Call on every session status change with its `sessionKey`; tabs are told when it changed. */
  follow(key: string): void {
    if (key === this.last) return;
    // The first look after a (re)start is not a change: a background woken from idle finds the session
    // it left, and tabs whose asks it refused meanwhile ask again by themselves.
    const first = this.last === undefined;
    this.last = key;
    if (first) return;
    void tellAllTabs().catch((error: unknown) => console.warn("[badges] could not tell tabs the session changed", error));
  }
}

/** What badges depend on in the session: who is signed in, and whether it is locked. */
export function sessionKey(status: { signedIn: boolean; userId?: string; locked?: boolean }): string {
  return status.signedIn ? `${status.userId ?? ""}${status.locked ? " locked" : ""}` : "";
}

async function tellAllTabs(): Promise<void> {
  const push: SessionChangedPush = { type: SESSION_CHANGED };
  // Tab IDs need no permission; a tab without our content script refuses the message, which is fine.
  const tabs = await browser.tabs.query({});
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, push).catch(() => undefined))));
}
