/**
 * Keeps the auditor's banner above each of Element's message composers (the room's and the threads
 * panel's) for the room in the URL: follows composers as Element mounts, re-renders and replaces
 * them, the room as the hash changes, and Element's own identity warning as it comes and goes.
 *
 * With the "ask before sending" setting on, and only while a banner shows a critical row, a send
 * (Enter in the editor, or the send button) is held until the user answers "Send anyway"; the text
 * in Element's editor is never touched. With the setting off no listener is placed on the page.
 */
import type { ComposerWarning } from "../protocol/messages.ts";
import { ComposerBannerView } from "./composer-banner-view.ts";
import { COMPOSER_SELECTOR, ELEMENT_IDENTITY_WARNING, SEND_BUTTON, bannerSlotOf, isComposerEditor } from "./composer-markup.ts";

const ELEMENT_NODE = 1;
/** What the banners follow: the composers, and Element's own identity warning inside one. */
const WATCHED = `${COMPOSER_SELECTOR}, ${ELEMENT_IDENTITY_WARNING}`;
import { roomRefFromHash } from "./room-ref.ts";

export interface ComposerSource {
  /** The banner's facts for a room (ID or alias); throws when the background refuses or is gone. */
  ask(room: string): Promise<ComposerWarning>;
  /** "I've seen this" for these findings; resolves false when it could not be recorded. */
  seen(room: string, findingIds: string[]): Promise<boolean>;
}

interface Mounted {
  view: ComposerBannerView;
  elementShowsIdentity: boolean;
}

export class ComposerBanners {
  private readonly mounted = new Map<Element, Mounted>();
  private readonly observer: MutationObserver;
  private room: string | null = null;
  private answer: ComposerWarning | null = null;
  private asking = false;
  private askAgain = false;
  private syncScheduled = false;
  /** The composer whose send waits for "Send anyway", and the one let through once. */
  private held: Element | null = null;
  private passOnce: Element | null = null;
  private holding = false;
  private readonly onHashChange = (): void => this.followRoom();
  private readonly onKeyDown = (event: KeyboardEvent): void => this.maybeHold(event, isSendKey(event));
  private readonly onKeyUp = (event: KeyboardEvent): void => this.maybeHold(event, event.key === " " && isOnSendButton(event.target));
  private readonly onClick = (event: MouseEvent): void => this.maybeHold(event, isOnSendButton(event.target));

  constructor(
    private readonly source: ComposerSource,
    private readonly doc: Document = document,
  ) {
    // Only changes that can touch a composer: a hostile or busy page mutating thousands of member
    // tiles must not make every batch search the whole document (the page-flood stress test).
    this.observer = new MutationObserver((records) => {
      if (records.some((record) => this.concernsComposers(record))) this.scheduleSync();
    });
  }

  /** Whether a mutation may add, remove or change a composer (or Element's identity warning in one). */
  private concernsComposers(record: MutationRecord): boolean {
    const target = record.target as Element;
    if (target.nodeType === ELEMENT_NODE && target.closest(COMPOSER_SELECTOR)) return true;
    for (const node of record.addedNodes)
      if (node.nodeType === ELEMENT_NODE && ((node as Element).matches(WATCHED) || (node as Element).querySelector(WATCHED))) return true;
    for (const node of record.removedNodes)
      if (node.nodeType === ELEMENT_NODE && ((node as Element).matches(WATCHED) || [...this.mounted.keys()].some((composer) => node.contains(composer)))) return true;
    return false;
  }

  start(): void {
    this.doc.defaultView?.addEventListener("hashchange", this.onHashChange);
    this.observer.observe(this.doc.body ?? this.doc.documentElement, { childList: true, subtree: true });
    this.followRoom();
  }

  stop(): void {
    this.doc.defaultView?.removeEventListener("hashchange", this.onHashChange);
    this.observer.disconnect();
    this.setHolding(false);
    for (const { view } of this.mounted.values()) view.host.remove();
    this.mounted.clear();
    this.answer = null;
    this.held = null;
    // Started again (the gate opened again), it follows the room from nothing.
    this.room = null;
  }

  /** The room the banner is for: the resolved room ID once answered, else the URL's ref. */
  get roomId(): string | null {
    return this.answer?.roomId ?? this.room;
  }

  /** Asks the background again for the open room (on a push, the poll, or the tab becoming visible). */
  refresh(): void {
    if (!this.room) return;
    if (this.asking) {
      this.askAgain = true;
      return;
    }
    void this.ask(this.room);
  }

  private followRoom(): void {
    const ref = roomRefFromHash(this.doc.location.hash);
    if (ref === this.room) return;
    this.room = ref;
    // Another room: nothing of the previous room's banner may stay, nor a held send.
    this.answer = null;
    this.held = null;
    this.sync();
    this.renderAll();
    this.refresh();
  }

  private async ask(room: string): Promise<void> {
    this.asking = true;
    let answer: ComposerWarning | null = null;
    try {
      answer = await this.source.ask(room);
    } catch {
      answer = null; // not signed in, not this account's room, background gone: no banner
    } finally {
      this.asking = false;
    }
    // The user may have switched rooms while the answer travelled.
    if (room === this.room) {
      this.answer = answer;
      if (this.held && !this.holdApplies()) this.held = null;
      this.sync();
      this.renderAll();
    }
    if (this.askAgain) {
      this.askAgain = false;
      this.refresh();
    }
  }

  private scheduleSync(): void {
    if (this.syncScheduled) return;
    this.syncScheduled = true;
    queueMicrotask(() => {
      this.syncScheduled = false;
      this.sync();
    });
  }

  /** Mounts, updates or removes the banner of every composer on the page. */
  private sync(): void {
    const present = new Set(this.doc.querySelectorAll(COMPOSER_SELECTOR));
    for (const [composer, mounted] of this.mounted) {
      if (present.has(composer)) continue;
      mounted.view.host.remove();
      this.mounted.delete(composer);
      if (this.held === composer) this.held = null;
    }
    for (const composer of present) {
      let mounted = this.mounted.get(composer);
      const elementShowsIdentity = composer.querySelector(ELEMENT_IDENTITY_WARNING) !== null;
      if (!mounted) {
        mounted = { view: this.makeView(composer), elementShowsIdentity };
        this.mounted.set(composer, mounted);
        this.render(composer, mounted);
      } else if (mounted.elementShowsIdentity !== elementShowsIdentity || !this.placed(composer, mounted)) {
        mounted.elementShowsIdentity = elementShowsIdentity;
        this.render(composer, mounted);
      }
    }
    this.setHolding(this.holdApplies());
  }

  private makeView(composer: Element): ComposerBannerView {
    return new ComposerBannerView({
      seen: async (findingIds) => {
        const room = this.room;
        if (!room) return false;
        const recorded = await this.source.seen(room, findingIds).catch(() => false);
        if (recorded) this.refresh();
        return recorded;
      },
      sendAnyway: () => this.sendAnyway(composer),
      cancelSend: () => {
        this.held = null;
        this.renderAll();
        editorOf(composer)?.focus();
      },
    });
  }

  private renderAll(): void {
    for (const [composer, mounted] of this.mounted) this.render(composer, mounted);
    this.setHolding(this.holdApplies());
  }

  private render(composer: Element, { view, elementShowsIdentity }: Mounted): void {
    const answer = this.answer;
    view.render(
      answer && {
        devices: answer.devices,
        moreIdentities: Math.max(0, answer.identityChanges - (elementShowsIdentity ? 1 : 0)),
        elementShowsIdentity,
        holding: this.held === composer,
      },
    );
    if (view.visible) {
      if (!this.placed(composer, { view, elementShowsIdentity })) {
        const { parent, before } = bannerSlotOf(composer);
        parent.insertBefore(view.host, before);
      }
      if (this.held === composer) view.focusQuestion();
    } else view.host.remove();
  }

  private placed(composer: Element, { view }: Mounted): boolean {
    return view.host.parentNode !== null && composer.contains(view.host);
  }

  /** A critical row shows and the user asked to be asked before sending. */
  private holdApplies(): boolean {
    const answer = this.answer;
    return !!answer?.holdOnCritical && answer.devices.some((d) => d.severity === "critical");
  }

  /** Listens for sends only while a hold can apply: otherwise nothing of Element's sending is touched. */
  private setHolding(on: boolean): void {
    if (on === this.holding) return;
    this.holding = on;
    const win = this.doc.defaultView;
    if (!win) return;
    // Capture on the window runs before Element's own handlers, which React attaches lower down.
    if (on) {
      win.addEventListener("keydown", this.onKeyDown, true);
      win.addEventListener("keyup", this.onKeyUp, true);
      win.addEventListener("click", this.onClick, true);
    } else {
      win.removeEventListener("keydown", this.onKeyDown, true);
      win.removeEventListener("keyup", this.onKeyUp, true);
      win.removeEventListener("click", this.onClick, true);
    }
  }

  private maybeHold(event: Event, isSend: boolean): void {
    if (!isSend || !this.holdApplies()) return;
    const composer = composerOf(event.target, this.mounted);
    if (!composer) return;
    if (this.passOnce === composer) {
      this.passOnce = null;
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (this.held !== composer) {
      this.held = composer;
      this.renderAll();
    }
  }

  /** Lets the held send through once: Element's send button if it shows, else Enter in its editor. */
  private sendAnyway(composer: Element): void {
    this.held = null;
    this.renderAll();
    if (!composer.isConnected) return;
    this.passOnce = composer;
    const send = composer.querySelector<HTMLElement>(SEND_BUTTON);
    if (send) send.click();
    else {
      const editor = editorOf(composer);
      editor?.focus();
      editor?.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", code: "Enter", bubbles: true, cancelable: true }));
    }
    // Element did not take it (nothing to send): the next send is held again.
    this.passOnce = null;
  }
}

function isSendKey(event: KeyboardEvent): boolean {
  if (event.key !== "Enter" || event.shiftKey || event.isComposing) return false;
  return isComposerEditor(event.target) || isOnSendButton(event.target);
}

function isOnSendButton(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(SEND_BUTTON) !== null;
}

function composerOf(target: EventTarget | null, mounted: Map<Element, Mounted>): Element | null {
  if (!(target instanceof Element)) return null;
  for (const composer of mounted.keys()) if (composer.contains(target)) return composer;
  return null;
}

function editorOf(composer: Element): HTMLElement | null {
  return composer.querySelector<HTMLElement>('[contenteditable="true"], textarea');
}
