import { test } from "node:test";
import assert from "node:assert/strict";
import { DeviceIsolationModeKind, AllDevicesIsolationMode } from "matrix-js-sdk/lib/crypto-api/index.js";
import { World } from "./clients.ts";
import { applyIsolationPolicy, isolationModeFor } from "../../../../src/core/verification/isolation.ts";
import { ISOLATION_POLICIES } from "../../../../src/protocol/messages.ts";

test("each isolation policy maps to the SDK's mode", () => {
  const all = isolationModeFor("all-devices");
  assert.equal(all.kind, DeviceIsolationModeKind.AllDevicesIsolationMode);
  assert.equal((all as AllDevicesIsolationMode).errorOnVerifiedUserProblems, false);
  const strict = isolationModeFor("all-devices-strict");
  assert.equal(strict.kind, DeviceIsolationModeKind.AllDevicesIsolationMode);
  assert.equal((strict as AllDevicesIsolationMode).errorOnVerifiedUserProblems, true);
  assert.equal(isolationModeFor("only-cross-signed").kind, DeviceIsolationModeKind.OnlySignedDevicesIsolationMode);
  // Every policy the protocol accepts has a mode.
  for (const policy of ISOLATION_POLICIES) assert.ok(isolationModeFor(policy));
});

test("the policy is applied to the real crypto", async (t) => {
  const world = await World.start({ name: "one", users: [{ id: "@a:localhost", password: "p", devices: [] }] });
  t.after(() => world.stop());
  const a = await world.signIn("@a:localhost");
  applyIsolationPolicy(a.crypto, "only-cross-signed");
  // The Rust crypto keeps the mode on its instance (no getter in CryptoApi).
  const mode = (a.crypto as unknown as { deviceIsolationMode: { kind: number } }).deviceIsolationMode;
  assert.equal(mode.kind, DeviceIsolationModeKind.OnlySignedDevicesIsolationMode);
  applyIsolationPolicy(a.crypto, "all-devices-strict");
  const strict = (a.crypto as unknown as { deviceIsolationMode: AllDevicesIsolationMode }).deviceIsolationMode;
  assert.equal(strict.errorOnVerifiedUserProblems, true);
});
