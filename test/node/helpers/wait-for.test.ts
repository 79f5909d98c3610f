// The waits and deadlines every test relies on fail when they should, saying what never happened.
import { test } from "node:test";
import assert from "node:assert/strict";
import { waitFor, withDeadline } from "../../helpers/wait-for.ts";

test("withDeadline: a promise that never settles fails, naming what was awaited", async () => {
  await assert.rejects(withDeadline(new Promise(() => {}), 50, "the answer to #7"), /No answer within 50 ms: the answer to #7/);
  assert.equal(await withDeadline(Promise.resolve(42), 1_000, "a quick answer"), 42);
  await assert.rejects(withDeadline(Promise.reject(new Error("refused")), 1_000, "a refusal"), /refused/);
});

test("waitFor: returns the first real value, and fails with the last error when it never comes", async () => {
  let calls = 0;
  assert.equal(await waitFor(() => (++calls >= 3 ? "ready" : undefined), "three calls", 5_000, 1), "ready");
  await assert.rejects(
    waitFor(() => {
      throw new Error("still loading");
    }, "a page that never loads", 30, 5),
    /Gave up after 30 ms waiting for: a page that never loads \(last error: Error: still loading\)/,
  );
});
