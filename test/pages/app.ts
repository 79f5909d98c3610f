/**
 * The test pages' script: renders the right panel's member list, in the current (virtualized) or the
 * legacy layout, for the room named in the URL hash, and re-renders it when the hash changes — as
 * Element Web does. Tests give it rooms through `window.elementLike`.
 */
import { mountComposers, type ComposerPage } from "./composer.ts";
import { renderLegacy } from "./legacy-list.ts";
import { el, roomInHash, type PageMember, type PageRooms } from "./members.ts";
import { renderUserInfo } from "./user-info.ts";
import { VirtualList } from "./virtual-list.ts";

type Layout = "current" | "legacy";

export interface ElementLike {
  /** Rooms by room ID; aliases map `#alias:server` to a room ID, as the directory would. */
  setRooms(rooms: PageRooms, aliases?: Record<string, string>): void;
  /** Scrolls the member list and renders at once (no waiting for a frame). */
  scrollTo(top: number): void;
  /** Opens the right panel's user view for a member, or closes it. */
  showUserInfo(userId: string | null, verified?: boolean): void;
  /** Mounts or unmounts the member-list panel, as closing and opening the right panel does. */
  setPanelOpen(open: boolean): void;
  /** The members the panel shows now. */
  shown(): PageMember[];
  /**
   * Signs the page in as `userId` (null: signs out) the way Element Web records it: the user ID under
   * `mx_user_id` in the page's local storage (Element's Lifecycle.persistCredentials; cleared at sign-out).
   */
  signIn(userId: string | null): void;
  /** The message composers (room and thread), what was sent through them, Element's identity warning. */
  composer: ComposerPage;
}

declare global {
  interface Window {
    elementLike: ElementLike;
  }
}

const layout: Layout = document.body.dataset.layout === "legacy" ? "legacy" : "current";
/** The list's visible height; `?listHeight=N` makes it taller (the bench mounts 1,000 tiles at once). */
const LIST_HEIGHT = Number(new URLSearchParams(location.search).get("listHeight")) || 640;

let rooms: PageRooms = {};
let aliases: Record<string, string> = {};
let members: PageMember[] = [];
let list: VirtualList | null = null;
let legacyBody: HTMLElement | null = null;
let count: HTMLElement | null = null;
const rightPanel = document.getElementById("right-panel")!;
const userInfoHost = el("div", { id: "user-info" });
let panel: HTMLElement | null = null;

function buildPanel(): HTMLElement {
  count = el("span", { class: "mx_MemberListHeaderView_label" });
  if (layout === "legacy") {
    legacyBody = el("div", { class: "mx_AutoHideScrollbar mx_MemberList_wrapper" });
    return el("div", { class: "mx_BaseCard mx_MemberList", id: "memberlist-panel", role: "tabpanel" },
      el("div", { class: "mx_BaseCard_header" }, count), legacyBody);
  }
  const container = el("div", { class: "mx_MemberListView_container" },
    el("header", { class: "mx_MemberListHeaderView" },
      el("input", { class: "mx_MemberListHeaderView_search", placeholder: "Filter People…", type: "search" }), count));
  const card = el("div", { class: "mx_BaseCard mx_MemberListView", id: "memberlist-panel", role: "tabpanel" }, container);
  list = new VirtualList(container, LIST_HEIGHT);
  return card;
}

function roomMembers(): PageMember[] {
  const ref = roomInHash(location.hash);
  if (!ref) return [];
  const roomId = ref.startsWith("#") ? aliases[ref] : ref;
  return (roomId && rooms[roomId]) || [];
}

function show(): void {
  members = roomMembers();
  if (!panel) return;
  if (count) count.textContent = `${members.length} Members`;
  if (layout === "legacy") renderLegacy(legacyBody!, members);
  else list!.setMembers(members);
}

function setPanelOpen(open: boolean): void {
  if (open && !panel) {
    panel = buildPanel();
    rightPanel.prepend(panel);
    show();
  } else if (!open && panel) {
    panel.remove();
    panel = null;
    list = null;
    legacyBody = null;
  }
}

const composer = mountComposers(document.getElementById("timeline")!, rightPanel, document.getElementById("app")!);

window.elementLike = {
  setRooms(next, nextAliases = {}) {
    rooms = next;
    aliases = nextAliases;
    show();
  },
  scrollTo(top) {
    if (!list) return;
    list.scroller.scrollTop = top;
    list.render();
  },
  showUserInfo(userId, verified = false) {
    const member = members.find((m) => m.userId === userId);
    if (!userId || !member?.userId) {
      userInfoHost.remove();
      return;
    }
    renderUserInfo(userInfoHost, { ...member, userId: member.userId }, verified);
    rightPanel.append(userInfoHost);
  },
  setPanelOpen,
  shown: () => members,
  signIn(userId) {
    if (userId === null) localStorage.removeItem("mx_user_id");
    else localStorage.setItem("mx_user_id", userId);
  },
  composer,
};

window.addEventListener("hashchange", () => {
  show();
  // Element mounts a new composer for the newly opened room.
  composer.remount();
});
setPanelOpen(true);
document.body.dataset.pageReady = "true";
