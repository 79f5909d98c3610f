/**
 * Sending a typed message to the background from the popup or a content script.
 * Transport failures (background unreachable, no answer) come back as a Result too, never thrown.
 */
import browser from "webextension-polyfill";
import { isRecord } from "./guards.ts";
import type { MessageType, RequestOf, ResponseOf } from "./messages.ts";
import { fail, type Result } from "./result.ts";

const looksLikeResult = (value: unknown): boolean =>
  isRecord(value) && (value.ok === true ? "value" in value : value.ok === false && isRecord(value.error));

export async function send<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<Result<ResponseOf<T>>> {
  let answer: unknown;
  try {
    answer = await browser.runtime.sendMessage({ type, payload });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail("internal", `Could not reach the extension's background (${reason}). Try again, or reload the extension.`);
  }
  // The background answers every message with a Result; anything else means it is not ours or not ready.
  if (!looksLikeResult(answer)) return fail("internal", "The extension's background gave no usable answer.");
  return answer as Result<ResponseOf<T>>;
}
