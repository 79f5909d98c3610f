/**
 * One badge: a host element inserted into Element's tile, with a closed shadow root holding the icon,
 * its accessible label, and an inline detail popover. Other users' strings are set as text only.
 *
 * The page learns nothing from it: the host carries no attribute and no text, and everything the badge
 * says lives in the closed shadow root. A badge with nothing to show is not in the page at all (its host
 * is taken out), so no style sheet, ours or the page's, can leave a previous member's badge on screen.
 * It is a button reachable with Tab, whose accessible name says whose verdict it is; it sits outside
 * Element's `aria-hidden` parts of the tile (markup.ts), so screen readers meet what Tab reaches.
 */
import type { MemberBadge } from "../protocol/messages.ts";
import { BADGE_CSS, DETAIL_CSS } from "./badge-style.ts";
import { createIcon } from "./icons.ts";
import { describeBadge, type BadgeLevel } from "./words.ts";

export const HOST_TAG = "matrix-trust-badge";

/** Events Element's tile reacts to: stopped at the badge so clicking it does not open Element's user view. */
const CONTAINED_EVENTS = ["click", "mousedown", "mouseup", "pointerdown", "pointerup", "keydown", "keyup"];

/** The detail's widest (badge-style.ts's max-width, border-box). */
const DETAIL_WIDTH = 280;

/** Every badge by its host, so the test build's probe can read the closed shadow roots. */
const views = new WeakMap<Element, BadgeView>();

/** The badge whose host this is (a host of ours on the page), if any. */
export function badgeViewOf(host: Element): BadgeView | undefined {
  return views.get(host);
}

export class BadgeView {
  readonly host: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly root: ShadowRoot;
  /** Made on the first click only: most badges are never opened. */
  private detail: HTMLDivElement | null = null;
  private shown: MemberBadge | null = null;

  constructor() {
    this.host = document.createElement(HOST_TAG);
    this.root = this.host.attachShadow({ mode: "closed" });
    this.button = document.createElement("button");
    this.button.type = "button";
    adoptBadgeStyle(this.root);
    this.root.append(this.button);
    // The view itself handles them (handleEvent): no closures to make per badge.
    for (const type of CONTAINED_EVENTS) this.button.addEventListener(type, this);
    views.set(this.host, this);
  }

  /** Stops the tile's events at the badge (button and detail); a click prepares the detail once. */
  handleEvent(event: Event): void {
    event.stopPropagation();
    if (event.type === "click") this.prepareDetail();
  }

  /** The button and the detail (when made), for the test build's probe (badge-probe.ts reads what they show). */
  get parts(): { button: HTMLButtonElement; detail: HTMLElement | null } {
    return { button: this.button, detail: this.detail };
  }

  /** Shows this member's badge; returns false when nothing changed. */
  show(badge: MemberBadge): boolean {
    const same = this.shown && sameBadge(this.shown, badge);
    // The latest answer's object, even when it says the same: the controller compares by identity.
    this.shown = badge;
    if (same) return false;
    const text = describeBadge(badge);
    this.button.replaceChildren(iconOf(text.level));
    this.button.dataset.level = text.level;
    // Whose verdict it is, by user ID (a display name is whatever that person chose). No `title`: the
    // browser draws that tooltip over the row below, where no one can move it; the detail says it all.
    this.button.setAttribute("aria-label", accessibleName(badge.userId, text.label));
    if (this.detail) this.fillDetail(badge);
    return true;
  }

  /**
   * Takes the badge off the page at once (the tile now shows someone whose verdict is not known, or no
   * one): the host leaves the tile and the button is emptied, so nothing of the previous member remains.
   */
  clear(): void {
    if (!this.shown && !this.host.isConnected) return;
    this.shown = null;
    this.hideDetail();
    this.button.replaceChildren();
    this.button.removeAttribute("aria-label");
    delete this.button.dataset.level;
    this.host.remove();
  }

  get badge(): MemberBadge | null {
    return this.shown;
  }

  private fillDetail(badge: MemberBadge): void {
    const detail = this.detail!;
    const { level, label, lines } = describeBadge(badge);
    detail.dataset.level = level;
    detail.setAttribute("aria-label", accessibleName(badge.userId, label));
    const who = document.createElement("div");
    who.className = "who";
    who.textContent = badge.userId;
    const list = document.createElement("ul");
    for (const line of lines) {
      const item = document.createElement("li");
      item.textContent = line;
      list.append(item);
    }
    const hint = document.createElement("div");
    hint.className = "hint";
    hint.textContent = "Open Matrix Trust Auditor from the toolbar to see each device and act.";
    detail.replaceChildren(who, list, hint);
  }

  /**
   * Makes the detail on the first click and hands it to the button as its popover target: the browser
   * then opens and closes it (a second click closes it, Escape and clicks elsewhere too). It takes focus
   * when it opens (autofocus), so a screen reader reads it, and gives it back to the badge on closing.
   */
  private prepareDetail(): void {
    if (this.detail) return;
    const detail = document.createElement("div");
    detail.setAttribute("popover", "auto");
    detail.setAttribute("role", "dialog");
    detail.tabIndex = -1;
    detail.autofocus = true;
    for (const type of CONTAINED_EVENTS) detail.addEventListener(type, this);
    detail.addEventListener("beforetoggle", (event) => {
      if ((event as ToggleEvent).newState === "open") {
        if (this.shown) this.placeDetail(this.shown);
      } else if (detail.contains(this.root.activeElement)) {
        // Focus back to the badge (Chromium leaves it on <body> when the popover's root is closed).
        this.button.focus();
      }
    });
    const style = document.createElement("style");
    style.textContent = DETAIL_CSS;
    this.root.append(style, detail);
    this.detail = detail;
    // Set during this click, the target is opened by the click's own default action.
    this.button.popoverTargetElement = detail;
  }

  /**
   * Beside the member list, level with the badge's row, so it covers no other member's row (the list sits
   * at the window's right edge). Only a window too narrow for that gets it under the badge.
   */
  private placeDetail(badge: MemberBadge): void {
    const detail = this.detail!;
    this.fillDetail(badge);
    // The popover sits in the top layer, so the member list's scrolling box cannot clip it.
    const anchor = this.button.getBoundingClientRect();
    const row = this.host.parentElement?.getBoundingClientRect() ?? anchor;
    const win = this.host.ownerDocument.defaultView;
    const width = win?.innerWidth ?? anchor.right;
    const height = win?.innerHeight ?? anchor.bottom;
    const s = detail.style;
    s.position = "fixed";
    s.left = s.top = s.bottom = "auto";
    if (row.left >= DETAIL_WIDTH + 8) {
      s.right = `${Math.round(width - row.left + 4)}px`;
      // Grows away from the nearer window edge.
      if (row.top < height / 2) s.top = `${Math.round(Math.max(4, row.top))}px`;
      else s.bottom = `${Math.round(Math.max(4, height - row.bottom))}px`;
    } else {
      s.right = `${Math.round(Math.max(8, width - anchor.right))}px`;
      s.top = `${Math.round(anchor.bottom + 4)}px`;
    }
  }

  private hideDetail(): void {
    if (this.detail?.matches(":popover-open")) this.detail.hidePopover();
  }
}

/**
 * One sheet shared by every badge (adoptedStyleSheets): no <style> to make and parse per shadow root.
 * Chromium and Firefox ESR 153 apply a sheet made in a content script's world; older Firefox did not
 * (its Xray wrappers, bug 1770592): where the assignment throws or does not hold, each badge gets a <style>.
 */
let sharedSheet: CSSStyleSheet | null | undefined;

function adoptBadgeStyle(root: ShadowRoot): void {
  if (sharedSheet === undefined) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(BADGE_CSS);
      root.adoptedStyleSheets = [sheet];
      sharedSheet = root.adoptedStyleSheets[0] === sheet ? sheet : null;
    } catch {
      sharedSheet = null;
    }
  } else if (sharedSheet) root.adoptedStyleSheets = [sharedSheet];
  if (sharedSheet) return;
  const style = document.createElement("style");
  style.textContent = BADGE_CSS;
  root.append(style);
}

/** Each level's icon, drawn once; a badge gets a copy. */
const icons = new Map<BadgeLevel, SVGSVGElement>();

function iconOf(level: BadgeLevel): Node {
  let icon = icons.get(level);
  if (!icon) icons.set(level, (icon = createIcon(level)));
  return icon.cloneNode(true);
}

/** The badge's accessible name: "@alice:example.org: Verified, 1 unsigned device". */
export function accessibleName(userId: string, label: string): string {
  return `${userId}: ${label}`;
}

function sameBadge(a: MemberBadge, b: MemberBadge): boolean {
  if (a.userId !== b.userId || a.verdict !== b.verdict || a.outOfDate !== b.outOfDate || a.findings.length !== b.findings.length) return false;
  return a.findings.every((f, i) => {
    const g = b.findings[i]!;
    return f.kind === g.kind && f.severity === g.severity && f.count === g.count;
  });
}
