/**
 * The banner above one of Element's message composers: a host element inserted next to Element's own
 * nodes, with a closed shadow root holding everything it says. Nothing it shows is readable by the
 * page (no attributes, no light-DOM text); other people's names are set as text only.
 */
import type { ComposerDevice } from "../core/composer-warning.ts";
import { createIcon } from "./icons.ts";
import { COMPOSER_WORDS as W, rowAdvice, rowWords } from "./composer-words.ts";

export const BANNER_TAG = "matrix-trust-composer-warning";

/** Rows shown before "Show all": the banner stays a few lines tall above the composer. */
export const ROWS_AT_FIRST = 3;

const BANNER_CSS = `
:host{all:initial;display:block}
.banner{box-sizing:border-box;margin:0 0 8px;padding:8px 12px;border:1px solid #e8c9a4;border-inline-start:4px solid #c55a00;border-radius:8px;background:#fff8f0;color:#1b1d22;font:13px/1.45 Inter,"Segoe UI",Arial,sans-serif}
.banner[data-level=critical]{border-color:#f1b8bd;border-inline-start-color:#d51928;background:#fff5f5}
.head{display:flex;gap:8px}
svg{flex:none;margin-top:2px;color:#c55a00}
.banner[data-level=critical] svg{color:#d51928}
.shield{fill:currentColor;stroke:currentColor}
.mark{fill:none;stroke:#fff;stroke-width:1.7;stroke-linecap:round}
h2{margin:0;font-size:13px}
ul{margin:4px 0 0;padding-inline-start:24px}
li{margin:2px 0;overflow-wrap:anywhere}
.who{font-weight:600}
li[data-level=critical] .who,.error{color:#b0101d}
.advice{color:#4a5059;font-size:12px}
.identities,.actions,.hold,.error{margin:4px 0 0 24px}
.actions{display:flex;flex-wrap:wrap;gap:8px}
button{font:inherit;font-size:12px;padding:3px 10px;border-radius:14px;cursor:pointer;border:1px solid #8d97a5;background:none;color:inherit}
.primary{background:#1b1d22;border-color:#1b1d22;color:#fff}
.link{border:0;padding:0;text-decoration:underline}
button:focus-visible{outline:2px solid #0467dd;outline-offset:2px}
.hold{padding:6px 8px;border-radius:6px;background:#fde8e9;font-weight:600}
.hold .actions{margin-inline-start:0}
@media (prefers-color-scheme:dark){
.banner{background:#2a2118;border-color:#6b4a26;color:#ebeef2}
.banner[data-level=critical]{background:#2d1a1c;border-color:#7a2d33}
li[data-level=critical] .who,.error{color:#ff8a93}
.advice{color:#b4bcc7}
.primary{background:#ebeef2;border-color:#ebeef2;color:#1b1d22}
.hold{background:#4a1d22}}
`;

const views = new WeakMap<Element, ComposerBannerView>();

/** The view of a banner host, for the test build's probe. */
export function composerBannerOf(host: Element): ComposerBannerView | undefined {
  return views.get(host);
}

export interface BannerState {
  devices: ComposerDevice[];
  /** People whose identity changed beyond Element's own banner; 0 shows no line. */
  moreIdentities: number;
  elementShowsIdentity: boolean;
  /** The question before a held send, or null. */
  holding: boolean;
}

export interface BannerActions {
  /** "I've seen this": the finding ids of every row shown (not only the first few). */
  seen(findingIds: string[]): Promise<boolean>;
  sendAnyway(): void;
  cancelSend(): void;
}

export class ComposerBannerView {
  readonly host: HTMLElement;
  /** The closed root and the banner in it: only this content script holds them (the test probe reads them). */
  readonly root: ShadowRoot;
  readonly box: HTMLElement;
  private state: BannerState | null = null;
  private showAll = false;
  private details = false;
  private error = false;
  private sendAnywayButton: HTMLButtonElement | null = null;

  constructor(private readonly actions: BannerActions) {
    this.host = document.createElement(BANNER_TAG);
    this.root = this.host.attachShadow({ mode: "closed" });
    const style = document.createElement("style");
    style.textContent = BANNER_CSS;
    this.box = document.createElement("section");
    this.box.className = "banner";
    this.box.setAttribute("aria-label", W.regionLabel);
    this.root.append(style, this.box);
    views.set(this.host, this);
    // Element's composer reacts to keys and clicks that bubble out of it: the banner's stay here.
    for (const type of ["keydown", "keyup", "keypress", "click", "mousedown", "pointerdown"])
      this.box.addEventListener(type, (event) => event.stopPropagation());
  }

  /**
   * Whether the banner has anything to say now. The controller inserts the host only then: an
   * attribute or an empty host would tell the page what the closed root keeps to itself.
   */
  get visible(): boolean {
    return this.state !== null;
  }

  render(state: BannerState | null): void {
    if (!state || (state.devices.length === 0 && state.moreIdentities === 0)) {
      this.state = null;
      this.showAll = this.details = this.error = false;
      this.box.replaceChildren();
      return;
    }
    this.state = state;
    const critical = state.devices.some((d) => d.severity === "critical");
    const level = critical ? "critical" : "warning";
    this.box.dataset.level = level;

    const children: Node[] = [];
    if (state.devices.length > 0) {
      const head = el("div", "head");
      const title = el("h2");
      const count = state.devices.length;
      title.textContent = W.title(count, state.devices.filter((d) => d.severity === "critical").length);
      head.append(createIcon(level), title);
      children.push(head);

      const shown = this.showAll ? state.devices : state.devices.slice(0, ROWS_AT_FIRST);
      const list = el("ul");
      for (const row of shown) list.append(this.rowItem(row));
      children.push(list);

      const actions = el("div", "actions");
      const hidden = state.devices.length - shown.length;
      if (hidden > 0 || this.showAll) {
        actions.append(button(this.showAll ? W.showFewer : W.showAll(hidden), "link", () => {
          this.showAll = !this.showAll;
          this.render(this.state);
        }));
      }
      actions.append(
        button(this.details ? W.hideDetails : W.showDetails, "", () => {
          this.details = !this.details;
          this.render(this.state);
        }, this.details),
        button(W.seen, "primary", () => void this.markSeen()),
      );
      children.push(actions);
      if (this.error) children.push(text("div", "error", W.seenFailed));
    }
    if (state.moreIdentities > 0)
      children.push(text("p", "identities", W.moreIdentities(state.moreIdentities, state.elementShowsIdentity)));
    if (state.holding && critical) {
      const hold = el("div", "hold");
      hold.setAttribute("role", "alert");
      hold.append(document.createTextNode(W.holdQuestion));
      const holdActions = el("div", "actions");
      this.sendAnywayButton = button(W.sendAnyway, "primary", () => this.actions.sendAnyway());
      holdActions.append(this.sendAnywayButton, button(W.cancel, "", () => this.actions.cancelSend()));
      hold.append(holdActions);
      children.push(hold);
    } else this.sendAnywayButton = null;
    this.box.replaceChildren(...children);
  }

  /** Moves focus to "Send anyway" (once the host is in the page), so the question is answered by keyboard too. */
  focusQuestion(): void {
    this.sendAnywayButton?.focus();
  }

  private rowItem(row: ComposerDevice): HTMLLIElement {
    const item = el("li") as HTMLLIElement;
    item.dataset.level = row.severity;
    const { who, text: words } = rowWords(row);
    // The person's name in bold where the words lead with it ("You have…" does not).
    if (words.startsWith(who)) item.append(text("span", "who", who), document.createTextNode(words.slice(who.length)));
    else item.append(document.createTextNode(words));
    if (this.details) item.append(text("div", "advice", rowAdvice(row)));
    return item;
  }

  private async markSeen(): Promise<void> {
    const ids = this.state?.devices.flatMap((d) => d.findingIds) ?? [];
    if (ids.length === 0) return;
    this.error = !(await this.actions.seen(ids));
    if (this.error) this.render(this.state);
  }
}

function el(tag: string, className = ""): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

function text(tag: string, className: string, words: string): HTMLElement {
  const node = el(tag, className);
  node.textContent = words;
  return node;
}

function button(label: string, className: string, onClick: () => void, pressed?: boolean): HTMLButtonElement {
  const node = el("button", className) as HTMLButtonElement;
  node.type = "button";
  node.textContent = label;
  if (pressed !== undefined) node.setAttribute("aria-expanded", String(pressed));
  node.addEventListener("click", onClick);
  return node;
}
