/**
 * The content script's entry, on enabled Element Web origins. It marks the page it runs on, then keeps
 * a trust badge on each member of Element's member list. It never touches tokens, keys or storage: it
 * only asks the background (`content.badges`) about the user IDs it sees, in the room it is shown.
 */
import browser from "webextension-polyfill";
import { send } from "./send.ts";
import { BADGES_CHANGED } from "../protocol/messages.ts";
import { isRecord } from "../protocol/guards.ts";
import { BadgeController } from "./badge-controller.ts";
import type { BadgeAnswer } from "./verdict-cache.ts";

/** Verdicts are pushed on change; this poll covers a background that restarted and forgot this tab. */
const POLL_MS = 15_000;

/** `data-matrix-trust-auditor` on <html>: "loaded", then "connected" or "unreachable". */
const root = document.documentElement;
root.dataset.matrixTrustAuditor = "loaded";
void send("ping", {}).then((answer) => {
  root.dataset.matrixTrustAuditor = answer.ok ? "connected" : "unreachable";
});

async function askBackground(room: string, userIds: string[], devicesOf?: string): Promise<BadgeAnswer> {
  const answer = await send("content.badges", devicesOf ? { room, userIds, devicesOf } : { room, userIds });
  // Locked (passphrase lock): every badge says so until the background says it changed.
  if (!answer.ok && answer.error.code === "locked")
    return { roomId: room, members: userIds.map((userId) => ({ userId, verdict: "locked", findings: [] })) };
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

const controller = new BadgeController(askBackground);
controller.start();

// Only the extension itself can message a content script; the note carries no data but a room ID.
browser.runtime.onMessage.addListener((message: unknown) => {
  if (isRecord(message) && message.type === BADGES_CHANGED && message.roomId === controller.room) controller.refresh();
  return undefined;
});

setInterval(() => {
  if (document.visibilityState === "visible") controller.refresh();
}, POLL_MS);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") controller.refresh();
});
