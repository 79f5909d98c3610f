import { test } from "node:test";
import assert from "node:assert/strict";
import "fake-indexeddb/auto";
import { initAsync } from "@matrix-org/matrix-sdk-crypto-wasm";
import { boot, BOOT_COUNT_KEY } from "../../../src/background/boot.ts";
import { getMeta, openAuditorDB, setMeta } from "../../../src/store/db.ts";

const quietly = async <T>(run: () => Promise<T>): Promise<T> => {
  const [error, warn] = [console.error, console.warn];
  console.error = console.warn = () => {};
  try {
    return await run();
  } finally {
    [console.error, console.warn] = [error, warn];
  }
};

test("each start loads the real crypto WebAssembly and counts itself in the database", async () => {
  const name = `boot-${Math.random()}`;
  const steps = { openDB: () => openAuditorDB(name), initCryptoWasm: () => initAsync() };
  const first = await boot(steps);
  const second = await boot(steps);
  assert.deepEqual(
    [first.bootCount, second.bootCount, second.cryptoWasmReady, second.storageReady],
    [1, 2, true, true],
  );
  assert.equal(await getMeta(second.db!, BOOT_COUNT_KEY), 2);
  first.db!.close();
  second.db!.close();
});

test("a failing step is reported in the state, and the other step still runs", async () => {
  const noStorage = await quietly(() =>
    boot({ openDB: () => Promise.reject(new Error("quota")), initCryptoWasm: () => Promise.resolve() }),
  );
  assert.deepEqual(
    { ...noStorage },
    { bootCount: 0, db: null, storageReady: false, cryptoWasmReady: true },
  );
  const name = `boot-${Math.random()}`;
  const noCrypto = await quietly(() =>
    boot({ openDB: () => openAuditorDB(name), initCryptoWasm: () => Promise.reject(new Error("no wasm")) }),
  );
  assert.deepEqual([noCrypto.bootCount, noCrypto.storageReady, noCrypto.cryptoWasmReady], [1, true, false]);
  noCrypto.db!.close();
});

test("an unreadable stored counter starts again from zero instead of failing", async () => {
  const name = `boot-${Math.random()}`;
  const db = await openAuditorDB(name);
  await setMeta(db, BOOT_COUNT_KEY, "not a number");
  db.close();
  const state = await quietly(() => boot({ openDB: () => openAuditorDB(name), initCryptoWasm: () => Promise.resolve() }));
  assert.equal(state.bootCount, 1);
  state.db!.close();
});

test("the start is counted at once; the crypto WebAssembly waits for `after` (the stored session read for the first answer), even if it fails", async () => {
  const started: string[] = [];
  const steps = {
    openDB: () => (started.push("db"), Promise.reject(new Error("not needed here"))),
    initCryptoWasm: () => (started.push("wasm"), Promise.resolve()),
  };
  let release!: () => void;
  const after = new Promise<void>((_, reject) => (release = () => reject(new Error("stored state unreadable"))));
  const booting = quietly(() => boot(steps, after));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(started, ["db"], "the counter's database opens at once; the WebAssembly waits");
  release();
  const state = await booting;
  assert.deepEqual([started, state.cryptoWasmReady], [["db", "wasm"], true]);
});
