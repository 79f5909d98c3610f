/** Element Web's legacy member list (up to 1.11.90): `.mx_EntityTile` rows, not virtualized but truncated. */
import { avatarColour, el, initial, type PageMember } from "./members.ts";

/** Legacy Element shows this many members per section, then "and N others". */
export const LEGACY_TRUNCATE_AT = 100;

function legacyTile(member: PageMember): HTMLElement {
  const userId = member.userId;
  const tile = el("div", {
    class: "mx_AccessibleButton mx_EntityTile mx_EntityTile_offline_neveractive",
    role: "button",
    tabindex: "0",
    "aria-label": userId ? `${userId} (power 0)` : member.displayName,
  });
  const avatar = el("span", { class: "_avatar_mcap2_17 mx_BaseAvatar _avatar-imageless_mcap2_61", "aria-hidden": "true",
    "data-color": avatarColour(userId ?? member.displayName), "data-type": "round", role: "presentation", style: "--cpd-avatar-size: 36px;" },
    initial(member.displayName));
  if (userId) avatar.setAttribute("title", userId);
  const avatarBox = el("div", { class: "mx_EntityTile_avatar" }, avatar);
  if (member.e2e) avatarBox.append(el("div", { class: `mx_E2EIcon mx_E2EIcon_${member.e2e}` }));
  const profile = el("div", { class: "mx_DisambiguatedProfile" }, el("span", { class: "", dir: "auto" }, member.displayName));
  if (member.disambiguate && userId) profile.append(el("span", { class: "mx_DisambiguatedProfile_mxid" }, userId));
  tile.append(avatarBox,
    el("div", { class: "mx_EntityTile_details" },
      el("div", { class: "mx_EntityTile_name" }, profile),
      el("div", { class: "mx_PresenceLabel" }, "Offline")));
  return tile;
}

function section(kind: "joined" | "invited", members: PageMember[]): HTMLElement {
  const box = el("div", { class: `mx_MemberList_section mx_MemberList_${kind}` });
  for (const member of members.slice(0, LEGACY_TRUNCATE_AT)) box.append(legacyTile(member));
  const rest = members.length - LEGACY_TRUNCATE_AT;
  if (rest > 0) {
    box.append(el("div", { class: "mx_AccessibleButton mx_EntityTile mx_EntityTile_ellipsis", role: "button", tabindex: "0" },
      el("div", { class: "mx_EntityTile_details" }, el("div", { class: "mx_EntityTile_name" }, `and ${rest} others...`))));
  }
  return box;
}

/** Renders the legacy panel's member sections into `host` (replacing what was there, as a room switch does). */
export function renderLegacy(host: HTMLElement, members: PageMember[]): void {
  const joined = members.filter((m) => m.membership !== "invite");
  const invited = members.filter((m) => m.membership === "invite");
  const children = [section("joined", joined)];
  if (invited.length > 0) children.push(el("h2", { class: "mx_MemberList_invited_header" }, "Invited"), section("invited", invited));
  host.replaceChildren(...children);
}
