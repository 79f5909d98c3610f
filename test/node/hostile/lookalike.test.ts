// Look-alike names (src/core/lookalike.ts, the "lookalike-name" finding): what counts as reading the
// same, who is flagged and who never is.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { findLookalikes, nameSkeletons } from "../../../src/core/lookalike.ts";
import { lookalikeFindings } from "../../../src/core/findings.ts";
import type { UserTrust } from "../../../src/core/user-trust.ts";

const same = (a: string, b: string) => nameSkeletons(a).some((s) => nameSkeletons(b).includes(s));

describe("name skeletons", () => {
  it("read homoglyphs, case, width and accents as the plain letters", () => {
    for (const fake of ["Ꭺlice", "Аlice" /* Cyrillic А */, "AIice" /* capital i */, "ALICE", "Ａｌｉｃｅ", "Alicé", "Ａlice"]) assert.ok(same(fake, "Alice"), fake);
  });
  it("ignore zero-width characters, bidi controls, joiners and spaces", () => {
    for (const fake of ["Al\u200Bice", "\u202EAlice", "Alice\u200F", "A\u2066lice\u2069", "Al\uFEFFice", "A l i c e", "Ali\u034Fce"]) assert.ok(same(fake, "Alice"), JSON.stringify(fake));
  });
  it("keep different names apart", () => {
    for (const other of ["Alicia", "Bob", "Alice2", "Malice"]) assert.ok(!same(other, "Alice"), other);
    assert.deepEqual(nameSkeletons("\u200B\u202E"), [], "a name of invisible characters reads as nothing");
  });
});

describe("look-alike members", () => {
  const alice = { userId: "@alice:example.org", displayName: "Alice" };
  it("flags the member whose name reads as another's, and the other too when neither is trusted", () => {
    const fake = { userId: "@mallory:evil.example", displayName: "Ꭺlice" };
    assert.deepEqual(findLookalikes([alice, fake], new Set()), [
      { userId: alice.userId, lookalikeOf: fake.userId },
      { userId: fake.userId, lookalikeOf: alice.userId },
    ]);
  });
  it("never flags a trusted member (this account, people verified)", () => {
    const fake = { userId: "@mallory:evil.example", displayName: "Alice\u200B" };
    assert.deepEqual(findLookalikes([alice, fake], new Set([alice.userId])), [{ userId: fake.userId, lookalikeOf: alice.userId }]);
  });
  it("flags a display name that reads as another member's user ID or localpart", () => {
    const bare = { userId: "@carol:example.org", displayName: null };
    const byId = { userId: "@m1:evil.example", displayName: "@carol:example.org" };
    const byLocalpart = { userId: "@m2:evil.example", displayName: "CAROL" };
    const flagged = findLookalikes([bare, byId, byLocalpart], new Set([bare.userId]));
    assert.deepEqual(flagged, [
      { userId: byId.userId, lookalikeOf: bare.userId },
      { userId: byLocalpart.userId, lookalikeOf: bare.userId },
    ]);
  });
  it("leaves distinct names, and a name matching only its own user ID, alone", () => {
    const members = [alice, { userId: "@bob:example.org", displayName: "bob" }, { userId: "@bob:other.example", displayName: "Robert" }, { userId: "@x:example.org", displayName: null }];
    assert.deepEqual(findLookalikes(members, new Set()), []);
  });
});

describe("lookalike-name findings", () => {
  const trust = (userId: string, verified: boolean): UserTrust => ({
    userId,
    verdict: verified ? "verified" : "unverified",
    hasCrossSigning: true,
    crossSigningVerified: verified,
    wasCrossSigningVerified: verified,
    needsUserApproval: false,
    masterKey: null,
    devices: [],
  });
  const ctx = { roomId: "!r:example.org", ownUserId: "@me:example.org", ownDeviceId: "ME" };
  it("is a warning naming the other member; a verified member and this account are never flagged", () => {
    const members = [
      { userId: "@me:example.org", displayName: "Alice" },
      { userId: "@alice:example.org", displayName: "Alice" },
      { userId: "@mallory:evil.example", displayName: "\u202EAlice" },
    ];
    const found = lookalikeFindings(members, [trust("@alice:example.org", true), trust("@mallory:evil.example", false)], ctx);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.kind, "lookalike-name");
    assert.equal(found[0]!.severity, "warning");
    assert.equal(found[0]!.userId, "@mallory:evil.example");
    assert.equal(found[0]!.lookalikeOf, "@alice:example.org");
  });
  it("gets a new id when the name changes (an acknowledged look-alike that renames is flagged again)", () => {
    const a = lookalikeFindings([{ userId: "@a:x", displayName: "Bob" }, { userId: "@b:x", displayName: "B0b" }], [], ctx);
    const b = lookalikeFindings([{ userId: "@a:x", displayName: "Bob" }, { userId: "@b:x", displayName: "Bоb" }], [], ctx);
    assert.equal(a.length, 2);
    assert.equal(b.length, 2);
    assert.notEqual(a[1]!.id, b[1]!.id);
  });
});
