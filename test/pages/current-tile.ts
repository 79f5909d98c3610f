/**
 * A member tile of Element Web's current list (`.mx_MemberTileView`), and how a re-render changes one in
 * place when a recycled row is given another member: attributes and text change, the element stays.
 */
import { shieldSvg } from "./icons.ts";
import { avatarColour, el, initial, type PageMember } from "./members.ts";

/** Element's shield arrives after the tile renders (its trust is computed asynchronously). */
const SHIELD_DELAY_MS = 15;

export function renderTile(member: PageMember): HTMLElement {
  const tile = el("div", { class: "mx_AccessibleButton mx_MemberTileView", role: "option", tabindex: "0", "aria-selected": "false" });
  tile.append(
    el("div", { class: "mx_MemberTileView_left", "aria-hidden": "true" },
      el("div", { class: "mx_MemberTileView_avatar" },
        el("span", { class: "_avatar mx_BaseAvatar _avatar-imageless", "data-type": "round", role: "presentation", style: "--cpd-avatar-size: 32px;" }),
        el("div", { class: "mx_MemberTileView_presence" })),
      el("div", { class: "mx_MemberTileView_name" })),
    el("div", { class: "mx_MemberTileView_right", "aria-hidden": "true" }),
  );
  updateTile(tile, member);
  return tile;
}

/** Whether a tile can show this member by an in-place update (a 3pid invite is another component). */
export function sameKindOfTile(tile: HTMLElement, member: PageMember): boolean {
  return (tile.dataset.threepid === "true") === (member.userId === undefined);
}

export function updateTile(tile: HTMLElement, member: PageMember): void {
  const userId = member.userId;
  tile.dataset.threepid = String(userId === undefined);
  tile.setAttribute("aria-label", member.displayName);
  const avatar = tile.querySelector<HTMLElement>(".mx_BaseAvatar")!;
  // Like React reconciling the same elements: attributes and text nodes change, elements stay.
  setText(avatar, initial(member.displayName));
  avatar.dataset.color = avatarColour(userId ?? member.displayName);
  if (userId) {
    avatar.setAttribute("title", userId);
    avatar.removeAttribute("aria-hidden");
  } else {
    avatar.removeAttribute("title");
    avatar.setAttribute("aria-hidden", "true");
  }
  const name = tile.querySelector(".mx_MemberTileView_name")!;
  if (userId) {
    let profile = name.querySelector<HTMLElement>(".mx_DisambiguatedProfile");
    if (!profile) {
      profile = el("div", { class: "mx_DisambiguatedProfile _disambiguatedProfile", role: "button", tabindex: "0" }, el("span", { class: "", dir: "auto" }));
      name.replaceChildren(profile);
    }
    profile.setAttribute("title", `${member.displayName} (${userId})`);
    setText(profile.firstElementChild as HTMLElement, member.displayName);
    const mxid = profile.querySelector(".mx_DisambiguatedProfile_mxid");
    if (member.disambiguate && !mxid) profile.append(el("span", { class: "mx_DisambiguatedProfile_mxid" }, userId));
    else if (member.disambiguate && mxid) setText(mxid as HTMLElement, userId);
    else mxid?.remove();
  } else {
    name.replaceChildren(member.displayName);
  }
  const right = tile.querySelector<HTMLElement>(".mx_MemberTileView_right")!;
  // Element's own children only: whatever else sits there (a badge) is not the page's to touch.
  for (const child of [...right.children]) if (child.className.startsWith("mx_")) child.remove();
  const label = member.label ?? (member.membership === "invite" ? "Invited" : undefined);
  if (label) right.prepend(el("div", { class: "mx_MemberTileView_userLabel" }, label));
  const generation = String(Number(tile.dataset.generation ?? "0") + 1);
  tile.dataset.generation = generation;
  if (member.e2e && userId) {
    const kind = member.e2e;
    setTimeout(() => {
      if (tile.dataset.generation !== generation) return;
      const icon = el("div", { class: "mx_E2EIconView" });
      icon.append(shieldSvg(kind));
      // As React adds a late child that comes last among its siblings: appended.
      right.append(icon);
    }, SHIELD_DELAY_MS);
  }
}

/** Changes an element's text the way React does: the text node's data, not a new node. */
function setText(element: HTMLElement, text: string): void {
  const node = element.firstChild;
  if (node instanceof Text && node === element.lastChild) node.data = text;
  else element.textContent = text;
}
