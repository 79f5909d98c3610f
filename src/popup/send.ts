/** The popup's typed messages to the background, over the browser's runtime messaging. */
import browser from "webextension-polyfill";
import { makeSend } from "../protocol/client.ts";

export const send = makeSend((message) => browser.runtime.sendMessage(message));
