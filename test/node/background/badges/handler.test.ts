// The background's `content.badges` answer: who may ask, about which room, and what leaves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeBadgesHandler, type BadgeAccount, type BadgeDeps } from "../../../../src/background/badges/handler.ts";
import type { Finding, MemberTrust, RoomAudit } from "../../../../src/core/verdicts.ts";
import type { HandlerContext } from "../../../../src/background/context.ts";

const ROOM = "!room:example.org";
const OTHER_ROOM = "!other:example.org";

function member(userId: string, verdict: MemberTrust["verdict"]): MemberTrust {
  return {
    userId,
    displayName: null,
    verdict,
    masterKey: null,
    devicesKnown: true,
    devices: [{ userId, deviceId: "SECRETDEVICE", displayName: "phone", ed25519: "KEY", verdict: "unsigned",
      facts: { signedByOwner: false, crossSigningVerified: false, localVerified: false } }],
  };
}

function finding(userId: string, kind: Finding["kind"], severity: Finding["severity"], id: string): Finding {
  return { id, kind, severity, roomId: ROOM, userId, deviceId: "SECRETDEVICE", ed25519: "KEY", firstSeen: 1, acknowledged: false };
}

const audit = {
  roomId: ROOM,
  name: "Room",
  encrypted: true,
  isDirect: false,
  shield: "warning",
  members: [member("@alice:example.org", "verified"), member("@bob:example.org", "unverified")],
  findings: [
    finding("@bob:example.org", "unsigned-device", "warning", "f1"),
    finding("@bob:example.org", "unsigned-device", "warning", "f2"),
    finding("@alice:example.org", "new-unverified-device", "warning", "f3"),
  ],
  policyPreview: { excludedDevices: [], failingUsers: [] },
} as unknown as RoomAudit;

function setup(overrides: Partial<BadgeDeps> = {}) {
  const warned: string[] = [];
  const asked: [number, string][] = [];
  const account: BadgeAccount = {
    async joinedRoomId(ref) {
      if (ref === ROOM || ref === "#room:example.org") return ROOM;
      return null;
    },
    roomAudit: (roomId) => (roomId === ROOM ? audit : null),
    async markWarned(ids) {
      warned.push(...ids);
    },
  };
  const handler = makeBadgesHandler({
    isEnabledPage: async (url) => url.startsWith("https://app.element.io/"),
    account: async () => account,
    onAsked: (tab, room) => asked.push([tab, room]),
    ...overrides,
  });
  return { handler, warned, asked };
}

const context = (extra: Partial<HandlerContext> = {}): HandlerContext => ({
  sender: "content-script",
  booted: Promise.resolve({} as never),
  senderUrl: "https://app.element.io/#/room/!room:example.org",
  tabId: 7,
  ...extra,
});

test("answers verdicts and finding counts for asked members only, and marks those findings warned", async () => {
  const { handler, warned, asked } = setup();
  const answer = await handler({ room: "#room:example.org", userIds: ["@bob:example.org", "@stranger:example.org"] }, context());
  assert.ok(answer.ok);
  assert.deepEqual(answer.value, {
    roomId: ROOM,
    members: [{ userId: "@bob:example.org", verdict: "unverified", findings: [{ kind: "unsigned-device", severity: "warning", count: 2 }] }],
  });
  // Nothing about devices, keys or other members leaves.
  assert.ok(!JSON.stringify(answer.value).includes("SECRETDEVICE"));
  assert.ok(!JSON.stringify(answer.value).includes("KEY"));
  assert.deepEqual(warned.sort(), ["f1", "f2"]);
  assert.deepEqual(asked, [[7, ROOM]]);
});

test("lists sessions (ID, name, verdict; no keys) only for the member asked for in devicesOf", async () => {
  const { handler } = setup();
  const answer = await handler({ room: ROOM, userIds: ["@alice:example.org", "@bob:example.org"], devicesOf: "@bob:example.org" }, context());
  assert.ok(answer.ok);
  const [alice, bob] = answer.value.members;
  assert.equal(alice?.devices, undefined);
  assert.deepEqual(bob?.devices, [{ deviceId: "SECRETDEVICE", displayName: "phone", verdict: "unsigned" }]);
  assert.ok(!JSON.stringify(answer.value).includes("KEY"));
  // A member not among the asked user IDs gets nothing, devicesOf or not.
  const other = await handler({ room: ROOM, userIds: ["@alice:example.org"], devicesOf: "@bob:example.org" }, context());
  assert.ok(other.ok);
  assert.deepEqual(other.value.members.map((m) => m.userId), ["@alice:example.org"]);
  assert.equal(other.value.members[0]?.devices, undefined);
});

test("refuses a room this account is not in, the same way as a room that does not exist", async () => {
  const { handler, warned } = setup();
  for (const room of [OTHER_ROOM, "#nowhere:example.org"]) {
    const answer = await handler({ room, userIds: ["@alice:example.org"] }, context());
    assert.ok(!answer.ok);
    assert.equal(answer.error.code, "forbidden");
    assert.equal(answer.error.message, "This account is not in that room.");
  }
  assert.deepEqual(warned, []);
});

test("refuses content scripts on pages that are not enabled, and extension pages", async () => {
  const { handler } = setup();
  for (const extra of [{ senderUrl: "https://evil.example/" }, { senderUrl: undefined }, { sender: "extension-page" as const }]) {
    const answer = await handler({ room: ROOM, userIds: ["@alice:example.org"] }, context(extra));
    assert.ok(!answer.ok);
    assert.equal(answer.error.code, "forbidden");
  }
});

test("says when no one is signed in, and answers no verdicts for a room not audited yet", async () => {
  const signedOut = setup({ account: async () => null });
  const refused = await signedOut.handler({ room: ROOM, userIds: [] }, context());
  assert.ok(!refused.ok);
  assert.equal(refused.error.code, "not-signed-in");

  const notAudited = makeBadgesHandler({
    isEnabledPage: async () => true,
    account: async () => ({ joinedRoomId: async () => OTHER_ROOM, roomAudit: () => null, markWarned: async () => {} }),
  });
  const answer = await notAudited({ room: OTHER_ROOM, userIds: ["@alice:example.org"] }, context());
  assert.ok(answer.ok);
  assert.deepEqual(answer.value, { roomId: OTHER_ROOM, members: [] });
});

test("while the passphrase lock is on: every ask is answered 'locked', with no room resolved and nothing marked warned", async () => {
  let joinedAsked = false;
  const { handler, warned, asked } = setup({
    isLocked: () => true,
    account: async () => {
      joinedAsked = true;
      return null;
    },
  });
  const answer = await handler({ room: "#room:example.org", userIds: ["@bob:example.org"] }, context());
  assert.deepEqual(answer, { ok: false, error: { code: "locked", message: answer.ok ? "" : answer.error.message } });
  assert.match(answer.ok ? "" : answer.error.message, /locked/);
  assert.equal(joinedAsked, false, "the account is not even looked at");
  assert.deepEqual(warned, []);
  // The tab is told again at unlock, under the ref it asked with.
  assert.deepEqual(asked, [[7, "#room:example.org"]]);
});
