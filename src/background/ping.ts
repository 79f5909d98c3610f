import { ok } from "../protocol/result.ts";
import type { Handler } from "./context.ts";

/** Answers once the background has finished starting: how it started, and what works. */
export const ping: Handler<"ping"> = async (_payload, { booted }) => {
  const state = await booted;
  return ok({ bootCount: state.bootCount, cryptoWasmReady: state.cryptoWasmReady, storageReady: state.storageReady });
};
