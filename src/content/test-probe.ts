/**
 * TEST BUILDS ONLY (`npm run build:test`; the shipped build leaves it out, `__TEST_BUILD__` is false):
 * lets the browser tests read the badges through the extension's own world. An extension page sends
 * `{ type: "test.probe", page }` to the tabs (only the extension can message a content script); the one
 * whose address, without its hash, is `page` answers what it renders (badge-probe.ts, composer-probe.ts). The page itself
 * can neither send this nor see the answer.
 */
import browser from "webextension-polyfill";
import { isRecord } from "../protocol/guards.ts";
import type { BadgeController } from "./badge-controller.ts";
import { probeTiles, probeUserInfo } from "./badge-probe.ts";
import { probeComposerBanners } from "./composer-probe.ts";
import type { AccountGate } from "./element-session.ts";

export const TEST_PROBE = "test.probe";

export function installTestProbe(controller: BadgeController, gate: AccountGate, sent: () => number): void {
  // Answered through sendResponse (and `true`): Chrome's own API, which the content script uses, does not take a promise.
  const listener = (message: unknown, _sender: browser.Runtime.MessageSender, sendResponse: (answer: unknown) => void): true | undefined => {
    if (!isRecord(message) || message.type !== TEST_PROBE || message.page !== location.href.split("#")[0]) return undefined;
    void (message.settle === false ? Promise.resolve() : controller.settled()).then(() =>
      sendResponse({
        gateOpen: gate.open,
        gateAnsweredFor: gate.answeredFor ?? null,
        room: controller.room,
        tiles: probeTiles(document),
        userInfo: probeUserInfo(document),
        banners: probeComposerBanners(document),
        sizes: { ...controller.sizes(), asks: sent() },
      }),
    );
    return true;
  };
  // Other messages are not answered here (undefined), which the callback type does not spell out.
  browser.runtime.onMessage.addListener(listener as browser.Runtime.OnMessageListenerCallback);
}
