// How the content script reads user IDs and rooms from Element's markup and URL, and the badge's words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { userIdFromProfileTitle } from "../../../src/content/user-id.ts";
import { roomRefFromHash } from "../../../src/content/room-ref.ts";
import { describeBadge } from "../../../src/content/words.ts";
import { matchesPattern, originPattern } from "../../../src/background/badges/match-pattern.ts";

test("the profile title yields the user ID Element appends, never one from the display name", () => {
  assert.equal(userIdFromProfileTitle("Alice (@alice:example.org)"), "@alice:example.org");
  // Mallory names herself after Bob: the appended ID is still hers.
  assert.equal(userIdFromProfileTitle("@bob:example.org (@mallory:evil.example)"), "@mallory:evil.example");
  assert.equal(userIdFromProfileTitle("Bob (@bob:example.org) (@mallory:evil.example)"), "@mallory:evil.example");
  // A display name alone, or a name that only looks like it ends in an ID, gives nothing.
  assert.equal(userIdFromProfileTitle("@bob:example.org"), null);
  assert.equal(userIdFromProfileTitle("Bob (@bob:example.org"), null);
  assert.equal(userIdFromProfileTitle("Bob (not an id)"), null);
  assert.equal(userIdFromProfileTitle("Bob (@bob)"), null);
});

test("the room comes from Element's hash: room IDs, aliases, with or without an event and via", () => {
  assert.equal(roomRefFromHash("#/room/!abc:example.org"), "!abc:example.org");
  assert.equal(roomRefFromHash("#/room/#team:example.org"), "#team:example.org");
  assert.equal(roomRefFromHash("#/room/%23team%3Aexample.org"), "#team:example.org");
  assert.equal(roomRefFromHash("#/room/!abc:example.org/$event123?via=example.org"), "!abc:example.org");
  assert.equal(roomRefFromHash("#/room/!abc:localhost:8448"), "!abc:localhost:8448");
  assert.equal(roomRefFromHash("#/home"), null);
  assert.equal(roomRefFromHash("#/user/@bob:example.org"), null);
  assert.equal(roomRefFromHash("#/room/not-a-room"), null);
  assert.equal(roomRefFromHash("#/room/%E0%A4%A"), null);
});

test("badge words say the verdict and what was found, most severe level wins", () => {
  const words = describeBadge({
    userId: "@bob:example.org",
    verdict: "verified",
    findings: [
      { kind: "unsigned-device-of-verified-user", severity: "warning", count: 2 },
      { kind: "new-unverified-device", severity: "warning", count: 1 },
    ],
  });
  assert.equal(words.label, "Verified, 2 unsigned devices, New device");
  assert.equal(words.level, "warning");
  assert.equal(describeBadge({ userId: "@a:x", verdict: "identity-changed", findings: [{ kind: "identity-changed", severity: "warning", count: 1 }] }).label, "Identity changed");
  assert.equal(describeBadge({ userId: "@a:x", verdict: "verification-violation", findings: [{ kind: "verification-violation", severity: "critical", count: 1 }] }).level, "critical");
  assert.equal(describeBadge({ userId: "@a:x", verdict: "verified", findings: [] }).level, "ok");
  assert.equal(describeBadge({ userId: "@a:x", verdict: "unverified", findings: [{ kind: "unsigned-device", severity: "warning", count: 1 }] }).label, "Not verified, 1 unsigned device");
});

test("match patterns enable exactly the origin they name", () => {
  assert.equal(originPattern("https://chat.example.org/some/path"), "https://chat.example.org/*");
  assert.ok(matchesPattern("https://app.element.io/*", "https://app.element.io/#/room/!a:b"));
  assert.ok(!matchesPattern("https://app.element.io/*", "https://app.element.io.evil.example/"));
  assert.ok(!matchesPattern("https://app.element.io/*", "http://app.element.io/"));
  assert.ok(!matchesPattern("https://app.element.io/*", "https://evil.example/?https://app.element.io/"));
  assert.ok(matchesPattern("http://127.0.0.1/*", "http://127.0.0.1:41234/current.html"));
  assert.ok(matchesPattern("https://chat.example.org:8443/*", "https://chat.example.org:8443/"));
  assert.ok(!matchesPattern("https://chat.example.org:8443/*", "https://chat.example.org/"));
  assert.ok(!matchesPattern("<all_urls>", "https://app.element.io/"));
});
