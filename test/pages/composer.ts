/**
 * Element Web's message composer as the test pages render it, written from the structure that
 * element-web's MessageComposer renders (Element Web's own snapshots and source, "The message
 * composer"); no Element code. Like Element: the editor is a contenteditable div, Enter sends
 * (Shift+Enter does not), the send button exists only while there is text, the handlers sit on the
 * app's root (as React's do), a room switch mounts a new composer, and the identity warning renders
 * inside the wrapper above the editor's row.
 */
import { el, initial, avatarColour } from "./members.ts";

export interface SentMessage {
  /** "room" or "thread". */
  composer: string;
  text: string;
}

export interface ComposerPage {
  /** What was sent, in order. */
  sent: SentMessage[];
  /** Shows Element's own identity warning for one person in the room composer, or removes it. */
  showIdentityWarning(userId: string | null): void;
  /** Opens the threads panel's composer in the right panel, or closes it. */
  setThreadOpen(open: boolean): void;
  /** Mounts a new room composer, as Element does on a room switch. */
  remount(): void;
}

function composerMarkup(kind: "room" | "thread"): HTMLElement {
  const input = el("div", {
    class: "mx_BasicMessageComposer_input",
    contenteditable: "true",
    role: "textbox",
    "aria-multiline": "true",
    "aria-label": kind === "room" ? "Send an encrypted message…" : "Reply to thread…",
    "data-composer": kind,
  });
  const editor = el("div", { class: "mx_SendMessageComposer" }, el("div", { class: "mx_BasicMessageComposer" }, input));
  const actions = el("div", { class: "mx_MessageComposer_actions" });
  const row = el("div", { class: "mx_MessageComposer_row" }, editor, actions);
  const wrapper = el("div", { class: "mx_MessageComposer_wrapper" }, row);
  return el("div", { class: "mx_MessageComposer", role: "region", "aria-label": "Message composer", "data-composer": kind }, wrapper);
}

/** Renders the room's composer at the bottom of `timeline` and wires sending on `appRoot`. */
export function mountComposers(timeline: HTMLElement, rightPanel: HTMLElement, appRoot: HTMLElement): ComposerPage {
  const log = el("ol", { id: "sent-messages", class: "sent" });
  // Added after what the timeline holds (the demo page keeps its room header there).
  timeline.append(el("div", { class: "timeline-body" }, log));
  let room = composerMarkup("room");
  timeline.append(room);
  let thread: HTMLElement | null = null;
  const sent: SentMessage[] = [];

  const inputOf = (composer: Element) => composer.querySelector<HTMLElement>(".mx_BasicMessageComposer_input")!;
  const textOf = (composer: Element) => inputOf(composer).textContent ?? "";
  /** The send button exists only while there is text, as in Element. */
  const updateSendButton = (composer: Element) => {
    const actions = composer.querySelector(".mx_MessageComposer_actions")!;
    const button = actions.querySelector(".mx_MessageComposer_sendMessage");
    if (textOf(composer).trim() && !button)
      actions.append(el("div", { class: "mx_AccessibleButton mx_MessageComposer_sendMessage", role: "button", tabindex: "0", "aria-label": "Send message" }, "➤"));
    else if (!textOf(composer).trim()) button?.remove();
  };
  const send = (composer: Element) => {
    const text = textOf(composer).trim();
    if (!text) return;
    const kind = composer.getAttribute("data-composer") ?? "room";
    sent.push({ composer: kind, text });
    log.append(el("li", {}, `${kind}: ${text}`));
    inputOf(composer).textContent = "";
    updateSendButton(composer);
  };

  // One listener each on the app's root, as React attaches its handlers.
  appRoot.addEventListener("input", (event) => {
    const composer = (event.target as Element).closest(".mx_MessageComposer");
    if (composer) updateSendButton(composer);
  });
  appRoot.addEventListener("keydown", (event) => {
    const target = event.target as Element;
    const composer = target.closest(".mx_MessageComposer");
    if (!composer || event.key !== "Enter" || event.shiftKey) return;
    if (!target.closest(".mx_BasicMessageComposer_input, .mx_MessageComposer_sendMessage")) return;
    event.preventDefault();
    send(composer);
  });
  appRoot.addEventListener("click", (event) => {
    const button = (event.target as Element).closest(".mx_MessageComposer_sendMessage");
    const composer = button?.closest(".mx_MessageComposer");
    if (composer) send(composer);
  });

  return {
    sent,
    showIdentityWarning(userId) {
      room.querySelector(".mx_UserIdentityWarning")?.remove();
      if (!userId) return;
      const avatar = el("span", { class: "mx_BaseAvatar", title: userId, "data-color": avatarColour(userId), style: "--cpd-avatar-size: 24px" }, initial(userId));
      const warning = el("div", { class: "mx_UserIdentityWarning" },
        el("div", { class: "mx_UserIdentityWarning_row" }, avatar,
          el("span", { class: "mx_UserIdentityWarning_main" }, `${userId}'s identity was reset. `, el("a", { href: "#" }, "Learn more")),
          el("button", { class: "mx_UserIdentityWarning_button" }, "OK")));
      const wrapper = room.querySelector(".mx_MessageComposer_wrapper")!;
      wrapper.insertBefore(warning, wrapper.firstChild);
    },
    setThreadOpen(open) {
      if (open && !thread) {
        thread = el("div", { class: "mx_ThreadView" }, el("div", { class: "mx_BaseCard_header" }, "Thread"), composerMarkup("thread"));
        rightPanel.append(thread);
      } else if (!open && thread) {
        thread.remove();
        thread = null;
      }
    },
    remount() {
      const next = composerMarkup("room");
      room.replaceWith(next);
      room = next;
    },
  };
}
