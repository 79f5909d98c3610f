/**
 * One badge: a host element inserted into Element's tile, with a closed shadow root holding the icon,
 * its accessible label and tooltip, and an inline detail popover. Other users' strings are set as text only.
 */
import type { MemberBadge } from "../protocol/messages.ts";
import { BADGE_CSS, DETAIL_CSS } from "./badge-style.ts";
import { createIcon } from "./icons.ts";
import { describeBadge } from "./words.ts";

export const HOST_TAG = "matrix-trust-badge";

/** Events Element's tile reacts to: stopped at the badge so clicking it does not open Element's user view. */
const CONTAINED_EVENTS = ["click", "mousedown", "mouseup", "pointerdown", "pointerup", "keydown", "keyup"];

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
    // A <style> element rather than adoptedStyleSheets, whose sheets a content script's world (Firefox's
    // Xray wrappers) does not share reliably with the page; browsers share the parsed identical text.
    const style = document.createElement("style");
    style.textContent = BADGE_CSS;
    this.button = document.createElement("button");
    this.button.type = "button";
    this.root.append(style, this.button);
    for (const type of CONTAINED_EVENTS) this.button.addEventListener(type, (event) => event.stopPropagation());
    this.button.addEventListener("click", () => this.prepareDetail());
    this.host.hidden = true;
  }

  /** Shows this member's badge; returns false when nothing changed. */
  show(badge: MemberBadge): boolean {
    if (this.shown && sameBadge(this.shown, badge)) return false;
    this.shown = badge;
    const text = describeBadge(badge);
    this.button.replaceChildren(createIcon(text.level));
    this.button.dataset.level = text.level;
    this.button.setAttribute("aria-label", text.label);
    this.button.title = text.label;
    if (this.detail) this.fillDetail(badge);
    // A mirror for tests and assistive checks; the page learns nothing Element does not already show.
    this.host.dataset.userId = badge.userId;
    this.host.dataset.verdict = badge.verdict;
    this.host.dataset.level = text.level;
    this.host.dataset.label = text.label;
    this.host.hidden = false;
    return true;
  }

  /** Hides the badge at once (tile now shows someone whose verdict is not known yet). */
  clear(): void {
    if (!this.shown && this.host.hidden) return;
    this.shown = null;
    this.hideDetail();
    this.host.hidden = true;
    for (const key of ["userId", "verdict", "level", "label"]) delete this.host.dataset[key];
  }

  get badge(): MemberBadge | null {
    return this.shown;
  }

  private fillDetail(badge: MemberBadge): void {
    const detail = this.detail!;
    const { level, lines } = describeBadge(badge);
    detail.dataset.level = level;
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
   * then opens and closes it (a second click closes it, Escape and clicks elsewhere too).
   */
  private prepareDetail(): void {
    if (this.detail) return;
    const detail = document.createElement("div");
    detail.setAttribute("popover", "auto");
    detail.setAttribute("role", "dialog");
    detail.addEventListener("click", (event) => event.stopPropagation());
    detail.addEventListener("beforetoggle", (event) => {
      if ((event as ToggleEvent).newState === "open" && this.shown) this.placeDetail(this.shown);
    });
    const style = document.createElement("style");
    style.textContent = DETAIL_CSS;
    this.root.append(style, detail);
    this.detail = detail;
    // Set during this click, the target is opened by the click's own default action.
    this.button.popoverTargetElement = detail;
  }

  private placeDetail(badge: MemberBadge): void {
    const detail = this.detail!;
    this.fillDetail(badge);
    // The popover sits in the top layer, so the member list's scrolling box cannot clip it.
    const anchor = this.button.getBoundingClientRect();
    detail.style.position = "fixed";
    detail.style.top = `${Math.round(anchor.bottom + 4)}px`;
    // Right-aligned with the badge (the member list sits at the window's right edge).
    const fromRight = (this.host.ownerDocument.defaultView?.innerWidth ?? anchor.right) - anchor.right;
    detail.style.left = "auto";
    detail.style.right = `${Math.round(Math.max(8, fromRight))}px`;
  }

  private hideDetail(): void {
    if (this.detail?.matches(":popover-open")) this.detail.hidePopover();
  }
}

function sameBadge(a: MemberBadge, b: MemberBadge): boolean {
  if (a.userId !== b.userId || a.verdict !== b.verdict || a.findings.length !== b.findings.length) return false;
  return a.findings.every((f, i) => {
    const g = b.findings[i]!;
    return f.kind === g.kind && f.severity === g.severity && f.count === g.count;
  });
}
