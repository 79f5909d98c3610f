// Remembered identities give a forgetful session (the command line) the crypto store's memory:
// pinned master keys and "was verified", with the crypto's rules for identity changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyIdentityMemory, reconcileIdentity, type IdentityMemory, type RememberedIdentity } from "../../../src/core/identity-memory.ts";
import type { UserTrust } from "../../../src/core/user-trust.ts";

const NOW = 5000;

function trust(over: Partial<UserTrust> = {}): UserTrust {
  return {
    userId: "@bob:x",
    verdict: "unverified",
    hasCrossSigning: true,
    crossSigningVerified: false,
    wasCrossSigningVerified: false,
    needsUserApproval: false,
    masterKey: "K1",
    devices: [],
    ...over,
  };
}
const verified = (key: string) => trust({ verdict: "verified", crossSigningVerified: true, masterKey: key });
const remembered = (pinned: string, wasVerified: boolean): RememberedIdentity => ({ userId: "@bob:x", pinnedMasterKey: pinned, wasVerified, firstSeen: 1000 });

test("first sight pins the key and notes whether it is verified; the verdict is the crypto's", () => {
  assert.deepEqual(reconcileIdentity(trust(), undefined, NOW), { trust: trust(), changed: { ...remembered("K1", false), firstSeen: NOW } });
  assert.deepEqual(reconcileIdentity(verified("K1"), undefined, NOW).changed, { ...remembered("K1", true), firstSeen: NOW });
});

test("verified before, not now (new key or not): verification violation", () => {
  for (const key of ["K2", "K1"]) {
    const { trust: t, changed } = reconcileIdentity(trust({ masterKey: key }), remembered("K1", true), NOW);
    assert.equal(t.verdict, "verification-violation", key);
    assert.equal(t.wasCrossSigningVerified, true);
    assert.equal(changed, null, "the memory keeps the pinned key until a key is verified");
  }
});

test("another key than the pinned one, never verified: identity changed; the same key: unchanged", () => {
  const changedKey = reconcileIdentity(trust({ masterKey: "K2" }), remembered("K1", false), NOW);
  assert.equal(changedKey.trust.verdict, "identity-changed");
  assert.equal(changedKey.trust.needsUserApproval, true);
  assert.equal(changedKey.changed, null);
  assert.deepEqual(reconcileIdentity(trust(), remembered("K1", false), NOW), { trust: trust(), changed: null });
});

test("verifying pins the verified key and is remembered", () => {
  const { trust: t, changed } = reconcileIdentity(verified("K2"), remembered("K1", false), NOW);
  assert.equal(t.verdict, "verified");
  assert.deepEqual(changed, remembered("K2", true));
});

test("without trust in the account's own identity, nobody can look verified: only key changes count", () => {
  // Bob's verified key, unverifiable this run: no false alarm.
  assert.deepEqual(reconcileIdentity(trust(), remembered("K1", true), NOW, false), { trust: trust(), changed: null });
  // A new key replacing a verified one is a violation whatever this run can verify; otherwise a change.
  const violation = reconcileIdentity(trust({ masterKey: "K2" }), remembered("K1", true), NOW, false);
  assert.equal(violation.trust.verdict, "verification-violation");
  assert.equal(violation.changed, null, "nothing learned");
  assert.equal(reconcileIdentity(trust({ masterKey: "K2" }), remembered("K1", false), NOW, false).trust.verdict, "identity-changed");
  assert.equal(reconcileIdentity(verified("K1"), undefined, NOW, false).changed?.wasVerified, false);
});

test("the account itself and users without an identity are left alone", () => {
  const me = trust({ userId: "@me:x", verdict: "me" });
  assert.deepEqual(reconcileIdentity(me, undefined, NOW), { trust: me, changed: null });
  const none = trust({ verdict: "no-cross-signing", masterKey: null, hasCrossSigning: false });
  assert.deepEqual(reconcileIdentity(none, remembered("K1", true), NOW), { trust: none, changed: null });
});

test("applyIdentityMemory recalls, applies and stores only what changed", async () => {
  const store = new Map<string, RememberedIdentity>([["@bob:x", remembered("K1", true)]]);
  const stored: RememberedIdentity[][] = [];
  const memory: IdentityMemory = {
    recall: async (ids) => new Map(ids.flatMap((id) => (store.has(id) ? [[id, store.get(id)!] as const] : []))),
    remember: async (records) => {
      stored.push([...records]);
    },
  };
  const map = new Map<string, UserTrust>([
    ["@bob:x", trust({ masterKey: "K2" })],
    ["@carol:x", trust({ userId: "@carol:x", masterKey: "C1" })],
    ["@me:x", trust({ userId: "@me:x", verdict: "me" })],
  ]);
  await applyIdentityMemory(memory, map, NOW, true);
  assert.equal(map.get("@bob:x")!.verdict, "verification-violation");
  assert.equal(map.get("@carol:x")!.verdict, "unverified");
  assert.deepEqual(stored, [[{ userId: "@carol:x", pinnedMasterKey: "C1", wasVerified: false, firstSeen: NOW }]]);
});
