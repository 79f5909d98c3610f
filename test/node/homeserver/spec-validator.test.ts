// The schema check itself must be able to fail, or the "matches the spec" tests prove nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Exchange } from "../../homeserver/index.ts";
import { validateExchanges } from "../../helpers/spec-schemas.ts";

const exchange = (overrides: Partial<Exchange>): Exchange => ({
  method: "POST",
  route: "/_matrix/client/v3/keys/query",
  path: "/_matrix/client/v3/keys/query",
  query: {},
  requestBody: { device_keys: {} },
  status: 200,
  responseBody: { device_keys: {}, failures: {} },
  ...overrides,
});

test("a valid /keys/query exchange passes", () => {
  assert.deepEqual(validateExchanges([exchange({})]).failures, []);
});

test("a response of the wrong shape fails", () => {
  const report = validateExchanges([exchange({ responseBody: { device_keys: "nope" } })]);
  assert.equal(report.failures.length, 1);
  assert.match(report.failures[0]!, /response .*device_keys/);
});

test("an accepted request of the wrong shape fails", () => {
  const report = validateExchanges([exchange({ requestBody: { device_keys: ["@a:b"] } })]);
  assert.match(report.failures[0] ?? "", /request/);
});

test("a sync response missing next_batch fails, through the $ref'd definitions", () => {
  const report = validateExchanges([exchange({ method: "GET", route: "/_matrix/client/v3/sync", requestBody: undefined, responseBody: { rooms: {} } })]);
  assert.match(report.failures[0] ?? "", /next_batch/);
});

test("a timeline event missing its sender fails (schemas resolved across files)", () => {
  const event = { event_id: "$e", type: "m.room.message", content: {}, origin_server_ts: 1 };
  const body = { next_batch: "s1", rooms: { join: { "!r:x": { timeline: { events: [event], limited: false } } } } };
  const report = validateExchanges([exchange({ method: "GET", route: "/_matrix/client/v3/sync", requestBody: undefined, responseBody: body })]);
  assert.match(report.failures[0] ?? "", /sender/);
});

test("an error body without errcode fails; a route the spec lacks is reported", () => {
  const error = validateExchanges([exchange({ status: 400, responseBody: { error: "x" } })]);
  assert.match(error.failures[0] ?? "", /errcode/);
  const unknown = validateExchanges([exchange({ route: "/_matrix/client/v3/made/up" })]);
  assert.match(unknown.failures[0] ?? "", /no operation in the spec/);
});

test("event schemas: a good m.room.encryption event passes, a bad one fails, unknown types are skipped", async () => {
  const { validateEvent } = await import("../../helpers/spec-schemas.ts");
  const event = { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" }, event_id: "$e", sender: "@a:b", origin_server_ts: 1, room_id: "!r:b" };
  assert.deepEqual(validateEvent(event), []);
  assert.equal(validateEvent({ ...event, content: { algorithm: "rot13" } })?.length, 1);
  assert.equal(validateEvent({ type: "org.example.custom", content: {} }), undefined);
});
