import { test } from "node:test";
import assert from "node:assert/strict";
import { route } from "../../../src/background/router.ts";
import { ping as pingHandler } from "../../../src/background/ping.ts";
import type { Handler, HandlerTable } from "../../../src/background/context.ts";
import type { MessageType } from "../../../src/protocol/messages.ts";
import type { BootState } from "../../../src/background/boot.ts";
import { ok } from "../../../src/protocol/result.ts";

const booted: Promise<BootState> = Promise.resolve({ bootCount: 3, db: null, storageReady: true, cryptoWasmReady: true });
const ping = { type: "ping", payload: {} };

/**
 * The router with the real ping handler (the full table pulls in the browser-only session code).
 * Any other message that gets through to dispatch throws, which the router turns into "internal".
 */
function table(overrides: Partial<HandlerTable> = {}): HandlerTable {
  const known: Partial<HandlerTable> = { ping: pingHandler, ...overrides };
  const unexpected: Handler<MessageType> = async () => {
    throw new Error("dispatched a message the test expected to be refused");
  };
  return new Proxy(known, {
    get: (target, type) => target[type as MessageType] ?? unexpected,
  }) as HandlerTable;
}
const handlers = table();

test("ping from an extension page or a content script is answered with the boot state", async () => {
  for (const role of ["extension-page", "content-script"] as const) {
    const answer = await route({ message: ping, role }, handlers, booted);
    assert.deepEqual(answer, ok({ bootCount: 3, cryptoWasmReady: true, storageReady: true }));
  }
});

test("an unknown sender is refused before the message is looked at", async () => {
  const answer = await route({ message: ping, role: null }, handlers, booted);
  assert.equal(answer.ok, false);
  assert.equal(!answer.ok && answer.error.code, "forbidden");
});

test("malformed messages and messages not allowed for the sender are refused as data", async () => {
  const cases: [unknown, "extension-page" | "content-script", string][] = [
    [undefined, "extension-page", "bad-request"],
    [{ type: "ping", payload: { extra: 1 } }, "extension-page", "bad-request"],
    [{ type: "toString", payload: {} }, "extension-page", "bad-request"],
    [{ type: "session.status", payload: {} }, "content-script", "forbidden"],
    [{ type: "content.badges", payload: { room: "!r:example.org", userIds: [] } }, "extension-page", "forbidden"],
  ];
  for (const [message, role, code] of cases) {
    const answer = await route({ message, role }, handlers, booted);
    assert.equal(!answer.ok && answer.error.code, code, JSON.stringify({ message, role, answer }));
  }
});

test("a throwing handler becomes an internal error, not an exception", async () => {
  const throwing = table({
    ping: async () => {
      throw new Error("boom");
    },
  });
  const original = console.error;
  console.error = () => {}; // the router logs the failure; keep the test output clean
  try {
    const answer = await route({ message: ping, role: "extension-page" }, throwing, booted);
    assert.equal(!answer.ok && answer.error.code, "internal");
  } finally {
    console.error = original;
  }
});

test("the handler receives the sender's role and tab", async () => {
  let seen: unknown;
  const recording = table({
    ping: async (_payload, context) => {
      seen = { sender: context.sender, tabId: context.tabId };
      return ok({ bootCount: 0, cryptoWasmReady: false, storageReady: false });
    },
  });
  await route({ message: ping, role: "content-script", tabId: 12 }, recording, booted);
  assert.deepEqual(seen, { sender: "content-script", tabId: 12 });
});
