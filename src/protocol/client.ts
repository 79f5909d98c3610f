/**
 * Sending a typed message to the background, for the popup and the content script. The transport
 * (the browser's runtime.sendMessage) is given by the caller, so this module uses no browser API.
 * Transport failures (background unreachable, no answer) come back as a Result too, never thrown.
 */
import { isRecord } from "./guards.ts";
import type { MessageType, RequestOf, ResponseOf } from "./messages.ts";
import { fail, type Result } from "./result.ts";

/** Delivers one message to the background and resolves with its raw answer (may reject). */
export type Transport = (message: { type: string; payload: unknown }) => Promise<unknown>;

/** Sends one typed message and resolves with the background's Result; never throws or rejects. */
export type Send = <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<Result<ResponseOf<T>>>;

const looksLikeResult = (value: unknown): boolean =>
  isRecord(value) && (value.ok === true ? "value" in value : value.ok === false && isRecord(value.error));

/**
 * A `send` over `transport`. A rejected transport becomes an "internal" failure saying the
 * background could not be reached; an answer that is not a Result becomes an "internal" failure too.
 */
export function makeSend(transport: Transport): Send {
  return async <T extends MessageType>(type: T, payload: RequestOf<T>): Promise<Result<ResponseOf<T>>> => {
    let answer: unknown;
    try {
      answer = await transport({ type, payload });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail("internal", `Could not reach the extension's background (${reason}). Try again, or reload the extension.`);
    }
    // The background answers every message with a Result; anything else means it is not ours or not ready.
    if (!looksLikeResult(answer)) return fail("internal", "The extension's background gave no usable answer.");
    return answer as Result<ResponseOf<T>>;
  };
}
