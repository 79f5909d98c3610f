/**
 * The right panel's user view (`.mx_UserInfo`): our verdict for the member it shows, and the list of
 * their sessions that Element no longer shows there. The member comes from `.mx_UserInfo_profile_mxid`,
 * accepted only when it is a whole, valid user ID (a module may show another identifier there).
 */
import type { MemberBadge } from "../protocol/messages.ts";
import { isUserId } from "../protocol/guards.ts";
import { BADGE_CSS } from "./badge-style.ts";
import { deviceWords } from "./device-words.ts";
import { createIcon } from "./icons.ts";
import { describeBadge } from "./words.ts";

export const USER_INFO_SELECTOR = ".mx_UserInfo";
export const USER_INFO_HOST_TAG = "matrix-trust-sessions";

const PANEL_CSS = `
.panel { display: block; margin: 12px 0 0; padding: 10px 12px; border: 1px solid #e1e6ec; border-radius: 8px;
  text-align: start; font: 13px/1.4 Inter, "Segoe UI", Arial, Helvetica, sans-serif; color: #1b1d22; background: #fff; }
.head { display: flex; align-items: center; gap: 6px; font-weight: 600; }
.head span { color: #1b1d22; }
.sessions { margin: 8px 0 0; padding: 0; list-style: none; }
.sessions li { display: flex; align-items: flex-start; gap: 6px; padding: 3px 0; }
.name { overflow-wrap: anywhere; color: #1b1d22; }
.id { color: #656d77; font-family: ui-monospace, monospace; font-size: 12px; }
.words { color: #656d77; font-size: 12px; }
.title { margin-top: 8px; color: #656d77; font-size: 12px; font-weight: 600; }
@media (prefers-color-scheme: dark) {
  .panel { background: #1b1d22; color: #ebeef2; border-color: #3c4045; }
  .name, .head span { color: #ebeef2; }
}
`;

/** The member the user view shows, or null. */
export function userIdOfUserInfo(card: Element): string | null {
  const holder = card.querySelector(".mx_UserInfo_profile_mxid .mx_CopyableText") ?? card.querySelector(".mx_UserInfo_profile_mxid");
  // Only the holder's own text nodes: the copy button and anything else inside are not the ID.
  const text = [...(holder?.childNodes ?? [])].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("").trim();
  return isUserId(text) ? text : null;
}

/** What the user view shows, read from its closed shadow root and the layout (test builds' probe, badge-probe.ts). */
export interface RenderedUserInfo {
  rendered: boolean;
  /** The verdict's words, then one line per session: its name, ID and words. */
  heading: string;
  sessions: string[][];
  /** Whether it sits right under Element's own verdict. */
  underElementVerdict: boolean;
}

const views = new WeakMap<Element, UserInfoView>();

export function userInfoViewOf(host: Element): UserInfoView | undefined {
  return views.get(host);
}

/** The page sees only an empty host element while a verdict shows; the words are in the closed shadow root. */
export class UserInfoView {
  readonly host: HTMLElement;
  /** Read by the test build's probe only. */
  readonly panel: HTMLElement;
  private shown: string | null = null;

  constructor() {
    this.host = document.createElement(USER_INFO_HOST_TAG);
    const root = this.host.attachShadow({ mode: "closed" });
    const style = document.createElement("style");
    style.textContent = BADGE_CSS + PANEL_CSS;
    this.panel = document.createElement("section");
    this.panel.className = "panel";
    this.panel.setAttribute("aria-label", "Matrix Trust Auditor");
    root.append(style, this.panel);
    views.set(this.host, this);
  }

  show(badge: MemberBadge): void {
    const key = JSON.stringify(badge);
    if (key === this.shown) return;
    this.shown = key;
    const text = describeBadge(badge);
    const head = document.createElement("div");
    head.className = "head";
    head.dataset.level = text.level;
    const label = document.createElement("span");
    label.textContent = text.label;
    head.append(createIcon(text.level), label);
    const children: Node[] = [head];
    if (badge.devices) {
      const title = document.createElement("div");
      title.className = "title";
      title.textContent = badge.devices.length === 1 ? "1 session" : `${badge.devices.length} sessions`;
      const list = document.createElement("ul");
      list.className = "sessions";
      for (const device of badge.devices) {
        const words = deviceWords(device.verdict);
        const item = document.createElement("li");
        item.dataset.level = words.level;
        const body = document.createElement("div");
        const name = document.createElement("div");
        name.className = "name";
        name.textContent = device.displayName ?? device.deviceId;
        const id = document.createElement("div");
        id.className = "id";
        id.textContent = device.deviceId;
        const verdict = document.createElement("div");
        verdict.className = "words";
        verdict.textContent = words.words;
        body.append(name, id, verdict);
        item.append(createIcon(words.level), body);
        list.append(item);
      }
      children.push(title, list);
    }
    this.panel.replaceChildren(...children);
  }

  /** Whether a verdict is shown (the host is placed only then). */
  get showing(): boolean {
    return this.shown !== null;
  }

  /** Takes the view off the page: nothing of the previous member stays, whatever the page's styles. */
  clear(): void {
    this.shown = null;
    this.panel.replaceChildren();
    this.host.remove();
  }
}
