// Look-alike names (src/core/lookalike.ts, the "lookalike-name" finding): what counts as reading the
// same, and who is flagged: the name that arrived later, whoever its owner (verified or not). The
// times come from the records' first sightings (the Node audit test below them runs the real audit).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { findLookalikes, nameSkeletons, type Arrival, type LookalikeTimes } from "../../../src/core/lookalike.ts";
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

/** Times for the members: `names` when each shown name arrived, `members` when each member did (default: at 0). */
function timesOf(names: Record<string, number> = {}, members: Record<string, number> = {}, trustedOnTie: string[] = [], self = "@me:example.org"): LookalikeTimes {
  const at = (seen: number): Arrival => ({ seen, set: 0 });
  return {
    nameArrived: (u) => at(names[u] ?? 0),
    memberArrived: (u) => at(members[u] ?? 0),
    self,
    trustedOnTie: new Set(trustedOnTie),
  };
}

describe("look-alike members", () => {
  const alice = { userId: "@alice:example.org", displayName: "Alice" };
  const fake = { userId: "@mallory:evil.example", displayName: "Аlice" /* Cyrillic А */ };
  it("flags the name that arrived later, in both orders of arrival, and never the one there first", () => {
    assert.deepEqual(findLookalikes([alice, fake], timesOf({ [alice.userId]: 100, [fake.userId]: 200 })), [{ userId: fake.userId, lookalikeOf: alice.userId }]);
    // The impostor came first: the genuine Alice, arriving later, is the one whose name looks like another's.
    assert.deepEqual(findLookalikes([alice, fake], timesOf({ [alice.userId]: 300, [fake.userId]: 200 })), [{ userId: alice.userId, lookalikeOf: fake.userId }]);
  });
  it("does not exempt a verified member who renames to look like another", () => {
    const bob = { userId: "@bob:example.org", displayName: "Аlice" };
    // Bob (verified) was there long before, but his new name arrived after Alice's.
    const found = findLookalikes([alice, bob], timesOf({ [alice.userId]: 100, [bob.userId]: 500 }, { [bob.userId]: 10, [alice.userId]: 100 }, [bob.userId]));
    assert.deepEqual(found, [{ userId: bob.userId, lookalikeOf: alice.userId }]);
  });
  it("where the times tie, flags both, unless one is verified (then only the other); this account never", () => {
    assert.deepEqual(findLookalikes([alice, fake], timesOf()), [
      { userId: alice.userId, lookalikeOf: fake.userId },
      { userId: fake.userId, lookalikeOf: alice.userId },
    ]);
    assert.deepEqual(findLookalikes([alice, fake], timesOf({}, {}, [alice.userId])), [{ userId: fake.userId, lookalikeOf: alice.userId }]);
    const me = { userId: "@me:example.org", displayName: "Alice" };
    assert.deepEqual(findLookalikes([me, alice], timesOf({ [alice.userId]: 50, [me.userId]: 0 })), [{ userId: alice.userId, lookalikeOf: me.userId }]);
    assert.deepEqual(findLookalikes([me, alice], timesOf({ [alice.userId]: 0, [me.userId]: 50 })), [], "this account's own later name is not flagged");
  });
  it("the server's time of the name parts records that saw both at once", () => {
    const times = timesOf();
    const set: Record<string, number> = { [alice.userId]: 1000, [fake.userId]: 2000 };
    const withSet: LookalikeTimes = { ...times, nameArrived: (u) => ({ seen: 0, set: set[u] ?? 0 }) };
    assert.deepEqual(findLookalikes([alice, fake], withSet), [{ userId: fake.userId, lookalikeOf: alice.userId }]);
  });
  it("flags a display name that reads as another member's user ID or localpart, arriving after that member", () => {
    const bare = { userId: "@carol:example.org", displayName: null };
    const byId = { userId: "@m1:evil.example", displayName: "@carol:example.org" };
    const byLocalpart = { userId: "@m2:evil.example", displayName: "CAROL" };
    const flagged = findLookalikes([bare, byId, byLocalpart], timesOf({ [byId.userId]: 10, [byLocalpart.userId]: 10 }, { [byId.userId]: 10, [byLocalpart.userId]: 10 }));
    assert.deepEqual(flagged, [
      { userId: byId.userId, lookalikeOf: bare.userId },
      { userId: byLocalpart.userId, lookalikeOf: bare.userId },
    ]);
  });
  it("leaves distinct names, and a name matching only its own user ID, alone", () => {
    const members = [alice, { userId: "@bob:example.org", displayName: "bob" }, { userId: "@bob:other.example", displayName: "Robert" }, { userId: "@x:example.org", displayName: null }];
    assert.deepEqual(findLookalikes(members, timesOf()), []);
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
  it("is a warning naming the other member; this account is never flagged", () => {
    const members = [
      { userId: "@me:example.org", displayName: "Alice" },
      { userId: "@alice:example.org", displayName: "Alice" },
      { userId: "@mallory:evil.example", displayName: "\u202EAlice" },
    ];
    const found = lookalikeFindings(members, [trust("@alice:example.org", true), trust("@mallory:evil.example", false)], ctx,
      timesOf({ "@mallory:evil.example": 100 }, { "@mallory:evil.example": 100 }));
    assert.equal(found.length, 1);
    assert.equal(found[0]!.kind, "lookalike-name");
    assert.equal(found[0]!.severity, "warning");
    assert.equal(found[0]!.userId, "@mallory:evil.example");
    assert.equal(found[0]!.lookalikeOf, "@alice:example.org");
  });
  it("gets a new id when the name changes (an acknowledged look-alike that renames is flagged again)", () => {
    const a = lookalikeFindings([{ userId: "@a:x", displayName: "Bob" }, { userId: "@b:x", displayName: "B0b" }], [], ctx, timesOf());
    const b = lookalikeFindings([{ userId: "@a:x", displayName: "Bob" }, { userId: "@b:x", displayName: "Bоb" }], [], ctx, timesOf());
    assert.equal(a.length, 2);
    assert.equal(b.length, 2);
    assert.notEqual(a[1]!.id, b[1]!.id);
  });
});
