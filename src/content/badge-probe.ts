/**
 * Reads what the badges show on a page, as a person would see it: for each member tile, its badges,
 * whether the browser lays them out and draws them, and whether a click lands on them (their words
 * from the closed shadow roots). Used by the test
 * build's probe (test-probe.ts) and the DOM tests' harness; never by the shipped content script's logic.
 */
import { badgeViewOf, HOST_TAG, type BadgeView } from "./badge-view.ts";
import { TILE_SELECTOR } from "./markup.ts";
import { userIdOfTile } from "./user-id.ts";
import { userInfoViewOf, USER_INFO_HOST_TAG, type RenderedUserInfo, type UserInfoView } from "./user-info-view.ts";
import { describeBadge } from "./words.ts";

/** A layout box in the window, in CSS pixels. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What a badge shows, read from its closed shadow root and the browser's layout. */
export interface RenderedBadge {
  /** The button's accessible name, its words, and its colour level. */
  name: string;
  label: string;
  level: string;
  /** Laid out and visible: a box with a size, not hidden by any style (`checkVisibility`). */
  rendered: boolean;
  /** Whether a click at the button's centre lands on it; null when the centre is outside the window. */
  hit: boolean | null;
}

/** A badge as drawn, with where its detail is and whether it or the detail has focus. */
export interface ProbedBadge extends RenderedBadge {
  /** The button has focus (inside the closed shadow root; the page sees only the host as active). */
  focused: boolean;
  /** The icon's colour as computed by the browser ("rgb(…)"). */
  colour: string;
  /** The detail while open: its box, whether a click at its centre lands on it, and whether it has focus. */
  detail: { box: Box; hit: boolean; focused: boolean } | null;
}

export interface TileProbe {
  /** The user ID the tile shows (Element's avatar title), or null (3pid invite, "and N others"). */
  tileUser: string | null;
  /** Whether the browser draws the tile itself (a page may keep its list out of layout). */
  tileRendered: boolean;
  /** Whether a click at the tile's centre lands on it: a person sees it (not scrolled out, not clipped); null outside the window. */
  tileSeen: boolean | null;
  /** The tile's layout box. */
  box: Box;
  /** Every badge in the tile, each with whether the browser lays it out and draws it. */
  badges: ProbedBadge[];
}

export function probeTiles(doc: Document = document): TileProbe[] {
  const win = doc.defaultView;
  return [...doc.querySelectorAll(TILE_SELECTOR)].map((tile) => {
    const box = tile.getBoundingClientRect();
    const tileRendered = box.width > 0 && box.height > 0 && tile.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const inWindow = !!win && x >= 0 && y >= 0 && x < win.innerWidth && y < win.innerHeight;
    return {
      tileUser: userIdOfTile(tile),
      tileRendered,
      tileSeen: tileRendered && inWindow ? tile.contains(doc.elementFromPoint(x, y)) : null,
      box: boxOf(box),
      badges: [...tile.querySelectorAll(HOST_TAG)].map((host) => {
        const view = badgeViewOf(host);
        return view ? probeBadge(view) : UNKNOWN_HOST;
      }),
    };
  });
}

function probeBadge(view: BadgeView): ProbedBadge {
  const { button, detail } = view.parts;
  const root = button.getRootNode() as ShadowRoot;
  let detailSeen: ProbedBadge["detail"] = null;
  if (detail?.matches(":popover-open")) {
    const box = detail.getBoundingClientRect();
    const hit = root.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    detailSeen = { box: boxOf(box), hit: hit !== null && detail.contains(hit), focused: root.activeElement === detail };
  }
  return { ...inspectBadge(view), focused: root.activeElement === button, colour: getComputedStyle(button).color, detail: detailSeen };
}

/** What the browser shows of a badge now: its words, and whether it is laid out, visible and hit. */
function inspectBadge(view: BadgeView): RenderedBadge {
  const { button } = view.parts;
  const root = button.getRootNode() as ShadowRoot;
  const box = button.getBoundingClientRect();
  const visible = view.host.isConnected && box.width > 0 && box.height > 0 &&
    button.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const win = view.host.ownerDocument.defaultView;
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  const inWindow = !!win && x >= 0 && y >= 0 && x < win.innerWidth && y < win.innerHeight;
  const hit = visible && inWindow ? button.contains(root.elementFromPoint(x, y)) : null;
  return {
    name: button.getAttribute("aria-label") ?? "",
    label: view.badge ? describeBadge(view.badge).label : "",
    level: button.dataset.level ?? "",
    rendered: visible,
    hit,
  };
}

function boxOf(rect: DOMRect): Box {
  return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
}

/** A host of our tag that no badge of ours owns (a page imitating one): reported, so a test sees it. */
const UNKNOWN_HOST: ProbedBadge = { name: "(not a badge of ours)", label: "", level: "", rendered: false, hit: null, focused: false, colour: "", detail: null };

/** The user views (right panel) our content script fills, as rendered. */
export function probeUserInfo(doc: Document = document): RenderedUserInfo[] {
  return [...doc.querySelectorAll(USER_INFO_HOST_TAG)].flatMap((host) => {
    const view = userInfoViewOf(host);
    return view ? [inspectUserInfo(view)] : [];
  });
}

function inspectUserInfo({ host, panel }: UserInfoView): RenderedUserInfo {
  const box = panel.getBoundingClientRect();
  return {
    rendered: host.isConnected && box.width > 0 && box.height > 0 && panel.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
    heading: panel.querySelector(".head span")?.textContent ?? "",
    sessions: [...panel.querySelectorAll(".sessions li")].map((item) => [...item.querySelectorAll(".name, .id, .words")].map((n) => n.textContent ?? "")),
    underElementVerdict: host.previousElementSibling?.classList.contains("mx_UserInfo_verification") ?? false,
  };
}
