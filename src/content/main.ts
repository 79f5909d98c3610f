/**
 * The content script's entry, on enabled Element Web origins. It keeps a trust badge on each member of
 * Element's member list, only while the tab is signed in to Element as the extension's own account
 * (element-session.ts). It never touches tokens, keys or storage: it only asks the background
 * (`content.badges`) about the user IDs it sees, in the room it is shown. It leaves no mark on the page.
 * Under the same gate it keeps the warning above Element's message box (composer-banners.ts).
 */
import browser from "webextension-polyfill";
import { send } from "./send.ts";
import { BADGES_CHANGED, SESSION_CHANGED } from "../protocol/messages.ts";
import { isRecord } from "../protocol/guards.ts";
import { BadgeController } from "./badge-controller.ts";
import { ComposerBanners } from "./composer-banners.ts";
import { accountGate } from "./element-session.ts";
import { installTestProbe } from "./test-probe.ts";
import type { BadgeAnswer } from "./verdict-cache.ts";

/** Verdicts are pushed on change; this poll covers a background that restarted and forgot this tab. */
const POLL_MS = 15_000;

const gate = accountGate();

/** `content.badges` requests sent (the test build's probe reports it: a shut gate sends none). */
let asked = 0;

async function askBackground(room: string, userIds: string[], devicesOf?: string): Promise<BadgeAnswer> {
  // No asks unless the tab is signed in as the account (Element's user is read again right now).
  if (!gate.open) throw new Error("This Element tab is not signed in as the extension's account.");
  asked++;
  const answer = await send("content.badges", devicesOf ? { room, userIds, devicesOf } : { room, userIds });
  // Locked (passphrase lock): every badge says so until the background says it changed.
  if (!answer.ok && answer.error.code === "locked")
    return { roomId: room, members: userIds.map((userId) => ({ userId, verdict: "locked", findings: [] })) };
  if (!answer.ok) {
    if (answer.error.code === "not-signed-in") gate.close();
    throw new Error(answer.error.message);
  }
  return answer.value;
}

const controller = new BadgeController(askBackground);

// The warning above Element's message box, for the same room, under the same gate.
const banners = new ComposerBanners({
  async ask(room) {
    if (!gate.open) throw new Error("This Element tab is not signed in as the extension's account.");
    const answer = await send("content.composer", { room });
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  },
  async seen(room, findingIds) {
    return gate.open && (await send("content.composerSeen", { room, findingIds })).ok;
  },
});
let running = false;

/** Badges and banners follow the gate: started when the tab is the account's, stopped (everything removed) otherwise. */
function follow(open: boolean): void {
  if (open === running) return;
  running = open;
  if (open) {
    controller.start();
    banners.start();
  } else {
    controller.stop();
    banners.stop();
  }
}
gate.onChange(follow);
gate.watch();
void gate.check();

// Only the extension itself can message a content script; neither note carries data but a room ID.
browser.runtime.onMessage.addListener((message: unknown) => {
  if (!isRecord(message)) return undefined;
  if (message.type === BADGES_CHANGED && running) {
    if (message.roomId === controller.room) controller.refresh();
    if (message.roomId === banners.roomId) banners.refresh();
  }
  if (message.type === SESSION_CHANGED) {
    // Signed out, another account, locked or unlocked: every badge and cached verdict goes at once;
    // then the gate asks again and, if this tab is still the account's, badges start from nothing.
    follow(false);
    void gate.check(true).then(follow);
  }
  return undefined;
});

const refreshAll = (): void => {
  if (document.visibilityState !== "visible" || !running) return;
  controller.refresh();
  banners.refresh();
};
setInterval(refreshAll, POLL_MS);
document.addEventListener("visibilitychange", refreshAll);

if (__TEST_BUILD__) installTestProbe(controller, gate, () => asked);
