/** Element Web's right-panel user view (`.mx_UserInfo`) for one member, current layout. */
import { avatarColour, el, initial, type PageMember } from "./members.ts";

export function renderUserInfo(host: HTMLElement, member: PageMember & { userId: string }, verified: boolean): void {
  const verification = verified
    ? el("span", { class: "_typography _font-body-sm-medium _badge mx_UserInfo_verified_badge", "data-kind": "green" },
        el("p", { class: "_typography _font-body-sm-medium mx_UserInfo_verified_label" }, "Verified"))
    : el("div", { class: "mx_UserInfo_container_verifyButton" },
        el("button", { class: "_button mx_UserInfo_verify_button", "data-kind": "tertiary", role: "button", tabindex: "0" }, "Verify User"));
  const card = el("div", { class: "mx_BaseCard mx_UserInfo" },
    el("div", { class: "mx_BaseCard_header" }, el("p", { class: "mx_BaseCard_header_title" }, "Profile")),
    el("div", { class: "mx_AutoHideScrollbar", tabindex: "-1" },
      el("div", { class: "mx_UserInfo_avatar" },
        el("button", { class: "_avatar mx_BaseAvatar _avatar-imageless", "aria-label": "Profile picture", "data-color": avatarColour(member.userId),
          style: "--cpd-avatar-size: 120px;" }, initial(member.displayName))),
      el("div", { class: "mx_UserInfo_container" },
        el("div", { class: "mx_Flex mx_UserInfo_profile" },
          el("h1", { dir: "auto" }, el("div", { class: "mx_Flex" }, member.displayName)),
          el("div", { class: "mx_PresenceLabel mx_UserInfo_profileStatus" }, "Online"),
          el("p", { class: "_typography _font-body-sm-semibold mx_UserInfo_profile_mxid" },
            el("div", { class: "mx_CopyableText" }, member.userId,
              el("div", { "aria-label": "Copy", class: "mx_AccessibleButton mx_CopyableText_copyButton", role: "button", tabindex: "0" }))),
          el("div", { class: "_flex mx_UserInfo_verification" }, verification)))));
  host.replaceChildren(card);
}
