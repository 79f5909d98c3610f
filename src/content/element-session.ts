/**
 * The gate for everything the content script shows or asks on an Element tab: only when the tab is
 * signed in to Element as the extension's own account. Another person's Element (a shared computer,
 * a second account) gets no badges, banners or asks: the verdicts are this account's view of the world.
 *
 * Element Web keeps the signed-in user's ID in the page's local storage under `mx_user_id` (its
 * `Lifecycle.persistCredentials`; cleared at sign-out). The content script reads it there and asks
 * the background (`content.sameAccount`) whether it is the account; the background answers yes or no.
 * A page can write that key too: the gate keeps the wrong person's Element from showing this account's
 * verdicts, it does not hide them from the page (which, signed in as the account, knows its rooms).
 *
 * Use `accountGate()` for the one gate of this content script; `await gate.check()` before showing or
 * asking, and `gate.onChange(listener)` to drop what is shown when the answer changes.
 */
import { send } from "./send.ts";
import { isUserId } from "../protocol/guards.ts";

/** Where Element Web keeps the signed-in user's ID in the page's local storage. */
export const ELEMENT_USER_ID_KEY = "mx_user_id";

/** The user ID Element says is signed in on this page, or null (signed out, unreadable, not a user ID). */
export function elementUserId(storage: Pick<Storage, "getItem"> | null = pageLocalStorage()): string | null {
  let value: string | null;
  try {
    value = storage?.getItem(ELEMENT_USER_ID_KEY) ?? null;
  } catch {
    return null; // storage blocked by the browser's settings
  }
  return value !== null && isUserId(value) ? value : null;
}

function pageLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** Asks the background whether `userId` is the extension's account; false when it refuses or cannot answer. */
export type SameAccountCheck = (userId: string) => Promise<boolean>;

export const askBackground: SameAccountCheck = async (userId) => {
  const answer = await send("content.sameAccount", { userId });
  return answer.ok && answer.value.same;
};

/** How often the gate looks at Element's user ID again (a storage read; asks only on a change). */
export const WATCH_MS = 1000;

export class AccountGate {
  /** The Element user the last answer was about, and that answer. */
  private checked: { userId: string | null; same: boolean } | null = null;
  private asking: { userId: string | null; answer: Promise<boolean> } | null = null;
  private readonly listeners = new Set<(open: boolean) => void>();
  /** The state listeners were last told. */
  private told = false;

  constructor(
    private readonly sameAccount: SameAccountCheck = askBackground,
    private readonly readUserId: () => string | null = () => elementUserId(),
  ) {}

  /**
   * Whether showing and asking may go on now: the last answer said this tab's Element user is the
   * account, and Element still shows that user (read again now, synchronously).
   */
  get open(): boolean {
    return this.checked !== null && this.checked.same && this.checked.userId === this.readUserId();
  }

  /** The Element user the last answer was about (undefined before the first answer), for tests and diagnostics. */
  get answeredFor(): string | null | undefined {
    return this.checked === null ? undefined : this.checked.userId;
  }

  /**
   * Reads Element's user again; asks the background when it changed since the last answer (or when
   * `force`, after the extension's session changed). No user in Element: no ask at all.
   */
  check(force = false): Promise<boolean> {
    const userId = this.readUserId();
    if (this.asking && !force && this.asking.userId === userId) return this.asking.answer;
    if (!this.asking && !force && this.checked?.userId === userId) return Promise.resolve(this.open);
    // Only the latest ask settles the gate: an older answer arriving late is about an older state.
    const ask = { userId, answer: Promise.resolve(false) };
    this.asking = ask; // before the answer runs: with no user in Element it settles without waiting
    ask.answer = (async () => {
      const same = userId === null ? false : await this.sameAccount(userId).catch(() => false);
      if (this.asking !== ask) return this.open;
      this.asking = null;
      this.settle({ userId, same });
      return this.open;
    })();
    return ask.answer;
  }

  /**
   * Notices Element signing out or switching user in this tab: its local storage is read again every
   * `intervalMs` (one read, no ask unless the user changed) and at every `storage` event (other tabs).
   */
  watch(win: Window = window, intervalMs = WATCH_MS): () => void {
    const look = (): void => void this.check();
    const timer = win.setInterval(look, intervalMs);
    win.addEventListener("storage", look);
    return () => {
      win.clearInterval(timer);
      win.removeEventListener("storage", look);
    };
  }

  /** Shuts the gate until the next check says otherwise (the background refused: signed out, locked). */
  close(): void {
    this.asking = null;
    this.settle({ userId: this.readUserId(), same: false });
  }

  /** Called with the new state whenever the gate opens or shuts. */
  onChange(listener: (open: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private settle(next: { userId: string | null; same: boolean }): void {
    this.checked = next;
    // Compared with what listeners were last told (`open` itself already reads Element's user anew).
    const isOpen = this.open;
    if (isOpen === this.told) return;
    this.told = isOpen;
    for (const listener of this.listeners) listener(isOpen);
  }
}

let shared: AccountGate | null = null;

/** The content script's one gate, shared by everything it shows (badges, the user view, the composer banner). */
export function accountGate(): AccountGate {
  return (shared ??= new AccountGate());
}
