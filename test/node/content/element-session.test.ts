// The content script's gate (src/content/element-session.ts): Element's user read from the page's
// local storage, the background's yes or no, and listeners told when the gate opens or shuts.
import { test } from "node:test";
import assert from "node:assert/strict";

// The module's default check talks to the background through the browser's messaging; it is never
// called here (each gate gets its own check), but the polyfill it imports wants an extension around it.
const extensionLike = { runtime: { id: "node-test" } };
(globalThis as { chrome?: unknown }).chrome ??= extensionLike;
(globalThis as { browser?: unknown }).browser ??= extensionLike;
const { AccountGate, elementUserId, ELEMENT_USER_ID_KEY } = await import("../../../src/content/element-session.ts");

function storage(values: Record<string, string>) {
  return { getItem: (key: string) => values[key] ?? null };
}

test("Element's user ID is read from mx_user_id, and only when it is a user ID", () => {
  assert.equal(ELEMENT_USER_ID_KEY, "mx_user_id");
  assert.equal(elementUserId(storage({ mx_user_id: "@demo:localhost" })), "@demo:localhost");
  assert.equal(elementUserId(storage({})), null);
  assert.equal(elementUserId(storage({ mx_user_id: "demo" })), null);
  assert.equal(elementUserId({ getItem: () => { throw new Error("SecurityError"); } }), null);
  assert.equal(elementUserId(null), null);
});

test("the gate opens only for the account, shuts when Element signs out or switches user, and says so each time", async () => {
  let pageUser: string | null = null;
  const asked: string[] = [];
  const gate = new AccountGate(async (userId) => {
    asked.push(userId);
    return userId === "@demo:localhost";
  }, () => pageUser);
  const told: boolean[] = [];
  gate.onChange((open) => told.push(open));

  assert.equal(await gate.check(), false, "no one signed in to Element");
  assert.deepEqual(asked, [], "no user in Element: no ask at all");
  pageUser = "@demo:localhost";
  assert.equal(await gate.check(), true);
  assert.equal(gate.open, true);
  assert.equal(await gate.check(), true);
  assert.deepEqual(asked, ["@demo:localhost"], "the same user is not asked about again");
  // Element signs out: `open` follows at once, listeners hear at the next check.
  pageUser = null;
  assert.equal(gate.open, false);
  assert.equal(await gate.check(), false);
  assert.deepEqual(told, [true, false], "told at Element's sign-out");
  // Another account signs in to Element: asked, refused.
  pageUser = "@bob:localhost";
  assert.equal(await gate.check(), false);
  pageUser = "@demo:localhost";
  assert.equal(await gate.check(), true);
  assert.deepEqual(told, [true, false, true]);
  // The background refuses (signed out): shut until a check says otherwise.
  gate.close();
  assert.equal(gate.open, false);
  assert.equal(await gate.check(true), true);
  assert.deepEqual(told, [true, false, true, false, true]);
  assert.deepEqual(asked, ["@demo:localhost", "@bob:localhost", "@demo:localhost", "@demo:localhost"]);
});

test("a late answer about an earlier user does not open the gate for the user Element shows now", async () => {
  let pageUser: string | null = "@demo:localhost";
  let release!: (same: boolean) => void;
  const gate = new AccountGate((userId) => (userId === "@demo:localhost" ? new Promise((resolve) => (release = resolve)) : Promise.resolve(false)), () => pageUser);
  const first = gate.check();
  pageUser = "@bob:localhost";
  const second = gate.check();
  release(true);
  assert.equal(await first, false);
  assert.equal(await second, false);
  assert.equal(gate.open, false);
});
