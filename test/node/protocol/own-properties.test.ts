// Message validators accept only own properties: a key that reaches into a prototype is refused, and a
// value is never read from one (src/protocol/guards.ts isObject, used by every message's check).
import { test } from "node:test";
import assert from "node:assert/strict";
import { isObject, isString, isOptional } from "../../../src/protocol/guards.ts";
import { parseRequest } from "../../../src/protocol/messages.ts";

const shape = isObject<{ room: string; note?: string }>({ room: isString(64), note: isOptional(isString(64)) });

test("constructor, __proto__, prototype, toString as keys are refused", () => {
  assert.equal(shape({ room: "!a:b" }), true);
  for (const key of ["constructor", "__proto__", "prototype", "toString", "hasOwnProperty", "valueOf"]) {
    // As JSON.parse (and structured clone) make them: own, enumerable data properties.
    const message = JSON.parse(`{"room":"!a:b",${JSON.stringify(key)}:"x"}`);
    assert.equal(Object.prototype.hasOwnProperty.call(message, key), true, `${key} is an own key here`);
    assert.equal(shape(message), false, `${key} must be refused`);
  }
});

test("a value is never read from a prototype, and objects that are not plain data are refused", () => {
  const inherited = Object.create({ room: "!a:b" });
  assert.equal(shape(inherited), false, "a required key present only on the prototype");
  class Message { room = "!a:b"; }
  assert.equal(shape(new Message()), false, "a class instance is not plain data");
  assert.equal(shape(Object.assign(Object.create(null), { room: "!a:b" })), true, "a null-prototype object of the right shape");
});

test("the same through parseRequest, for a content script's badge request", () => {
  const ok = parseRequest({ type: "content.badges", payload: { room: "!a:b.c", userIds: [] } }, "content-script");
  assert.equal(ok.ok, true);
  for (const key of ["constructor", "__proto__"]) {
    const payload = JSON.parse(`{"room":"!a:b.c","userIds":[],${JSON.stringify(key)}:{"polluted":true}}`);
    const parsed = parseRequest({ type: "content.badges", payload }, "content-script");
    assert.deepEqual(parsed.ok ? "accepted" : parsed.reason, "bad-request", `${key} in a payload`);
  }
  const envelope = JSON.parse('{"type":"ping","payload":{},"constructor":1}');
  assert.equal(parseRequest(envelope, "content-script").ok, false, "an envelope with constructor");
});
