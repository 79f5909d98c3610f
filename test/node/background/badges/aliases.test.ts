// Room aliases for the badges: what the homeserver's room directory says, accepted only for a joined
// room; two joined rooms claiming an alias, or a claim the directory contradicts, give no badges for it.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { MatrixClient } from "matrix-js-sdk";
import { badgeAccount } from "../../../../src/background/badges/account.ts";

interface FakeRoom { roomId: string; joined: boolean; canonical?: string; alt?: string[] }

/** The few client calls the resolver makes, over a fixed directory; records the directory requests. */
function client(rooms: FakeRoom[], directory: Record<string, string>) {
  const asked: string[] = [];
  const fake = {
    getRooms: () => rooms.map((r) => ({
      roomId: r.roomId,
      getMyMembership: () => (r.joined ? "join" : "leave"),
      getCanonicalAlias: () => r.canonical ?? null,
      getAltAliases: () => r.alt ?? [],
    })),
    getRoom: (id: string) => fake.getRooms().find((r) => r.roomId === id) ?? null,
    async getRoomIdForAlias(alias: string) {
      asked.push(alias);
      const roomId = directory[alias];
      if (!roomId) throw new Error("M_NOT_FOUND");
      return { room_id: roomId, servers: [] };
    },
  };
  const account = badgeAccount({ client: fake as unknown as MatrixClient, report: () => null, markWarned: async () => undefined });
  return { account, asked };
}

test("an alias is what the directory says, when that is a joined room", async () => {
  const { account, asked } = client([{ roomId: "!ops:x", joined: true }, { roomId: "!left:x", joined: false }],
    { "#ops:x": "!ops:x", "#left:x": "!left:x" });
  assert.equal(await account.joinedRoomId("#ops:x"), "!ops:x", "no claim in the room's state needed");
  assert.equal(await account.joinedRoomId("#left:x"), null, "a room the account is not in");
  assert.equal(await account.joinedRoomId("#none:x"), null, "unknown to the directory");
  assert.equal(await account.joinedRoomId("#ops:x"), "!ops:x");
  assert.deepEqual(asked, ["#ops:x", "#left:x", "#none:x"], "each alias asked of the directory once");
});

test("two joined rooms claiming the alias: no room for it, whatever the directory says", async () => {
  const { account } = client([
    { roomId: "!ops:x", joined: true, canonical: "#ops:x" },
    { roomId: "!fake:evil", joined: true, alt: ["#ops:x"] },
  ], { "#ops:x": "!ops:x" });
  assert.equal(await account.joinedRoomId("#ops:x"), null);
});

test("a joined room claiming an alias the directory gives to another room: no room for it", async () => {
  const { account } = client([{ roomId: "!ops:x", joined: true }, { roomId: "!fake:evil", joined: true, canonical: "#ops:x" }],
    { "#ops:x": "!ops:x" });
  assert.equal(await account.joinedRoomId("#ops:x"), null, "the claim and the directory disagree");
  const agreeing = client([{ roomId: "!ops:x", joined: true, canonical: "#ops:x" }], { "#ops:x": "!ops:x" });
  assert.equal(await agreeing.account.joinedRoomId("#ops:x"), "!ops:x");
  const claimOnly = client([{ roomId: "!fake:evil", joined: true, canonical: "#ops:x" }], {});
  assert.equal(await claimOnly.account.joinedRoomId("#ops:x"), null, "a claim the directory does not back");
});
