// The composer banner's rule (core/composer-warning.ts) and the background's answers over it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { composerWarning, seenAtComposer } from "../../../src/core/composer-warning.ts";
import { makeComposerHandlers, type ComposerAccount } from "../../../src/background/composer/handler.ts";
import type { HandlerContext } from "../../../src/background/context.ts";
import type { Finding, MemberTrust, RoomAudit } from "../../../src/core/verdicts.ts";

const ROOM = "!room:example.org";
const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";

function member(userId: string, displayName: string, verdict: MemberTrust["verdict"], deviceIds: string[]): MemberTrust {
  return {
    userId, displayName, verdict, masterKey: null, devicesKnown: true,
    devices: deviceIds.map((deviceId) => ({ userId, deviceId, displayName: `${displayName}'s ${deviceId}`, ed25519: `K${deviceId}`, verdict: "unsigned",
      facts: { signedByOwner: false, crossSigningVerified: false, localVerified: false } })),
  } as MemberTrust;
}

function finding(id: string, userId: string, kind: Finding["kind"], severity: Finding["severity"], deviceId?: string, acknowledged = false): Finding {
  return { id, kind, severity, roomId: ROOM, userId, ...(deviceId ? { deviceId, ed25519: `K${deviceId}` } : {}), firstSeen: 1, acknowledged };
}

function audit(findings: Finding[]): RoomAudit {
  return {
    roomId: ROOM, name: "Room", encrypted: true, isDirect: false, shield: "warning",
    members: [member(ALICE, "Alice", "verified", ["NEWPHONE"]), member(BOB, "Bob", "identity-changed", ["LAPTOP", "TABLET"])],
    findings,
    policyPreview: { excludedDevices: [], failingUsers: [], onlySignedFailingUsers: [], onlySignedUnavailable: null },
  } as unknown as RoomAudit;
}

const aliceCritical = finding("a1", ALICE, "unsigned-device-of-verified-user", "critical", "NEWPHONE");
const aliceNew = finding("a2", ALICE, "new-unverified-device", "warning", "NEWPHONE");
const bobUnsigned = finding("b1", BOB, "unsigned-device", "warning", "TABLET");
const bobIdentity = finding("b2", BOB, "identity-changed", "warning");

test("one row per device, most severe first, its findings together; identity changes counted per person", () => {
  const facts = composerWarning(audit([bobUnsigned, aliceNew, aliceCritical, bobIdentity]), () => false);
  assert.deepEqual(facts.devices.map((d) => [d.userId, d.deviceId, d.severity, d.kind, d.kinds, d.findingIds.sort()]), [
    [ALICE, "NEWPHONE", "critical", "unsigned-device-of-verified-user", ["unsigned-device-of-verified-user", "new-unverified-device"], ["a1", "a2"]],
    [BOB, "TABLET", "warning", "unsigned-device", ["unsigned-device"], ["b1"]],
  ]);
  assert.equal(facts.devices[0]!.displayName, "Alice");
  assert.equal(facts.devices[0]!.deviceName, "Alice's NEWPHONE");
  assert.equal(facts.identityChanges, 1);
});

test("a device warned about once leaves the banner; a verified person's unsigned device stays until acknowledged", () => {
  const warned = new Set(["a1", "a2", "b1"]);
  const facts = composerWarning(audit([aliceCritical, aliceNew, bobUnsigned]), (id) => warned.has(id));
  assert.deepEqual(facts.devices.map((d) => [d.deviceId, d.findingIds]), [["NEWPHONE", ["a1"]]]);
  const acknowledged = { ...aliceCritical, acknowledged: true };
  assert.deepEqual(composerWarning(audit([acknowledged, aliceNew, bobUnsigned]), (id) => warned.has(id)).devices, []);
});

test("user-level findings and acknowledged ones make no row; an acknowledged identity change is not counted", () => {
  const facts = composerWarning(audit([finding("u1", BOB, "user-without-cross-signing", "notice"), { ...bobIdentity, acknowledged: true }]), () => false);
  assert.deepEqual(facts, { devices: [], identityChanges: 0 });
});

test("\"I've seen this\" counts only ids the banner shows now; critical rows are acknowledged, all warned", () => {
  const facts = composerWarning(audit([aliceCritical, aliceNew, bobUnsigned]), () => false);
  assert.deepEqual(seenAtComposer(facts, ["a1", "a2", "b1", "forged", "b2"]), { warn: ["a1", "a2", "b1"], acknowledge: ["a1", "a2"] });
  assert.deepEqual(seenAtComposer(facts, []), { warn: [], acknowledge: [] });
});

function handlers(over: Partial<ComposerAccount> = {}) {
  const warned = new Set<string>();
  const acknowledged: string[] = [];
  const changed: string[] = [];
  const account: ComposerAccount = {
    joinedRoomId: async (ref) => (ref === ROOM ? ROOM : null),
    roomAudit: () => audit([aliceCritical, aliceNew, bobUnsigned, bobIdentity]),
    warnedIn: async () => warned,
    markWarned: async (ids) => void ids.forEach((id) => warned.add(id)),
    acknowledge: async (ids) => (acknowledged.push(...ids), ids.length),
    holdSendingOnCritical: async () => true,
    ...over,
  };
  const h = makeComposerHandlers({
    isEnabledPage: async (url) => url.startsWith("https://app.element.io/"),
    account: async () => account,
    roomsChanged: (rooms) => void changed.push(...rooms),
  });
  return { h, warned, acknowledged, changed };
}

const fromContent: HandlerContext = { sender: "content-script", senderUrl: "https://app.element.io/#/room/x", tabId: 3, booted: new Promise(() => {}) };

test("content.composer answers the room's rows and the hold setting to a content script on an enabled page", async () => {
  const { h } = handlers();
  const answer = await h["content.composer"]({ room: ROOM }, fromContent);
  assert.ok(answer.ok);
  assert.equal(answer.value.roomId, ROOM);
  assert.equal(answer.value.holdOnCritical, true);
  assert.deepEqual(answer.value.devices.map((d) => d.deviceId), ["NEWPHONE", "TABLET"]);
  assert.equal(answer.value.identityChanges, 1);
});

test("content.composer refuses another site, an extension page, and a room this account is not in (same words for both)", async () => {
  const { h } = handlers();
  const other = await h["content.composer"]({ room: ROOM }, { ...fromContent, senderUrl: "https://evil.example/" });
  assert.deepEqual(other.ok ? null : other.error.code, "forbidden");
  const page = await h["content.composer"]({ room: ROOM }, { ...fromContent, sender: "extension-page" });
  assert.deepEqual(page.ok ? null : page.error.code, "forbidden");
  const notMine = await h["content.composer"]({ room: "!secret:example.org" }, fromContent);
  assert.deepEqual(notMine.ok ? null : notMine.error, { code: "forbidden", message: "This account is not in that room." });
});

test("content.composerSeen warns exactly the shown rows, acknowledges the critical one, tells the other tabs", async () => {
  const { h, warned, acknowledged, changed } = handlers();
  const seen = await h["content.composerSeen"]({ room: ROOM, findingIds: ["a1", "a2", "b1", "b2", "not-shown"] }, fromContent);
  assert.deepEqual(seen, { ok: true, value: { warned: 3, acknowledged: 2 } });
  assert.deepEqual([...warned].sort(), ["a1", "a2", "b1"]);
  assert.deepEqual(acknowledged.sort(), ["a1", "a2"]);
  assert.deepEqual(changed, [ROOM]);
});
