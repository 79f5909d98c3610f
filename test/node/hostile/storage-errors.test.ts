// Storage trouble reaches the user: a handler failing on a full disk or a blocked upgrade answers
// code "storage" with the store's plain words, not a generic internal error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { route } from "../../../src/background/router.ts";
import type { HandlerTable } from "../../../src/background/context.ts";
import type { BootState } from "../../../src/background/boot.ts";
import { StorageError, toStorageError } from "../../../src/store/errors.ts";

const booted = Promise.resolve({ bootCount: 1, db: null, storageReady: true, cryptoWasmReady: true } as BootState);

function failingWith(error: unknown): HandlerTable {
  return new Proxy({} as HandlerTable, { get: () => async () => { throw error; } });
}

test("a quota error, a blocked upgrade and a closed database are answered as storage errors in plain words", async () => {
  const quota = toStorageError(new DOMException("The quota has been exceeded.", "QuotaExceededError"));
  for (const error of [quota, new StorageError("blocked"), new StorageError("closed")]) {
    const answer = await route({ message: { type: "audit.acknowledge", payload: { findingIds: [] } }, role: "extension-page" }, failingWith(error), booted);
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error.code, "storage");
    assert.equal(!answer.ok && answer.error.message, (error as StorageError).userMessage);
  }
  assert.match(quota.userMessage, /no more storage space/);
});

test("any other failure stays an internal error", async () => {
  const realError = console.error;
  console.error = () => {};
  try {
    const answer = await route({ message: { type: "ping", payload: {} }, role: "extension-page" }, failingWith(new Error("boom")), booted);
    assert.equal(!answer.ok && answer.error.code, "internal");
  } finally {
    console.error = realError;
  }
});
