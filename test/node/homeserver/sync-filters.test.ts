// Sync filters and lazy-loaded members on the test homeserver, as the spec has them: a stored filter
// applies (event types, the timeline's limit), lazy_load_members sends only the members of the
// timeline's senders (and the syncing user and heroes), not again once sent unless
// include_redundant_members, and GET /members answers the full list, by membership and `at` a point
// of the stream. Every exchange is checked against the vendored spec.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { api, loginWithPassword } from "../../helpers/http-api.ts";
import { validateExchanges } from "../../helpers/spec-schemas.ts";

const V3 = "/_matrix/client/v3";
const HALL = "!hall:localhost";
const PEOPLE = Array.from({ length: 30 }, (_, i) => `@u${i}:localhost`);

type Event = { type: string; state_key?: string; sender: string; content: Record<string, unknown> };
type JoinedRoom = { state: { events: Event[] }; timeline: { events: Event[]; limited: boolean; prev_batch: string }; summary: Record<string, unknown> };
type Sync = { next_batch: string; rooms: { join: Record<string, JoinedRoom> }; account_data: { events: Event[] } };

const members = (room: JoinedRoom | undefined, where: "state" | "timeline" = "state") =>
  (room?.[where].events ?? []).filter((e) => e.type === "m.room.member").map((e) => e.state_key!).sort();

describe("sync filters and lazy-loaded members", () => {
  let hs: Homeserver;
  let ann: { token: string; deviceId: string };
  let talker: { token: string };

  const lazyFilter = async (extra: Record<string, unknown> = {}) => {
    const made = await api<{ filter_id: string }>(hs.url, "POST", `${V3}/user/${encodeURIComponent("@ann:localhost")}/filter`, {
      token: ann.token,
      body: { presence: { not_types: ["*"] }, room: { state: { lazy_load_members: true, ...extra }, timeline: { limit: 3 }, ephemeral: { not_types: ["*"] } } },
    });
    assert.equal(made.status, 200);
    return made.body.filter_id;
  };
  const sync = async (query: string) => {
    const answer = await api<Sync>(hs.url, "GET", `${V3}/sync?${query}`, { token: ann.token });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body;
  };
  const say = (body: string, sender = talker) =>
    api(hs.url, "PUT", `${V3}/rooms/${encodeURIComponent(HALL)}/send/m.room.message/${encodeURIComponent(body)}`, { token: sender.token, body: { msgtype: "m.text", body } });

  before(async () => {
    hs = await startHomeserver({
      record: true,
      scenario: {
        name: "lazy-members",
        users: [
          { id: "@ann:localhost", password: "ann-pw", crossSigning: false },
          ...PEOPLE.map((id) => ({ id, password: "pw", crossSigning: false })),
        ],
        rooms: [{ id: HALL, name: "Hall", creator: "@ann:localhost", members: PEOPLE }],
      },
    });
    ann = await loginWithPassword(hs.url, "ann", "ann-pw");
    talker = await loginWithPassword(hs.url, "u7", "pw");
    await say("one");
    await say("two");
  });

  after(async () => {
    await hs?.stop();
  });

  test("without lazy-loading every member comes (the state before the timeline, and the timeline's)", async () => {
    const full = (await sync("filter=" + encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 3 } } })))).rooms.join[HALL]!;
    assert.deepEqual([...new Set([...members(full), ...members(full, "timeline")])].sort(), ["@ann:localhost", ...PEOPLE].sort());
  });

  test("a stored filter applies: the timeline's limit counts only the types it lets through", async () => {
    const made = await api<{ filter_id: string }>(hs.url, "POST", `${V3}/user/${encodeURIComponent("@ann:localhost")}/filter`, {
      token: ann.token,
      body: { room: { timeline: { limit: 2, types: ["m.room.message"] } } },
    });
    const hall = (await sync(`filter=${made.body.filter_id}`)).rooms.join[HALL]!;
    assert.deepEqual(hall.timeline.events.map((e) => e.content.body), ["one", "two"]);
    assert.equal(hall.timeline.limited, false, "only two messages were ever sent");
    const unknown = await api(hs.url, "GET", `${V3}/sync?filter=nope`, { token: ann.token });
    assert.deepEqual([unknown.status, unknown.body.errcode], [400, "M_INVALID_PARAM"]);
  });

  test("lazy_load_members: only the timeline's senders, the syncing user and the heroes; the summary counts everyone", async () => {
    const filter = await lazyFilter();
    const first = await sync(`filter=${filter}`);
    const hall = first.rooms.join[HALL]!;
    assert.deepEqual(hall.timeline.events.map((e) => e.sender), ["@u29:localhost", "@u7:localhost", "@u7:localhost"]);
    const heroes = hall.summary["m.heroes"] as string[];
    // Each sender's membership as of the timeline's start (u29's join is itself in the timeline; before it, their invite).
    const senders = hall.timeline.events.map((e) => e.sender);
    assert.deepEqual(members(hall), [...new Set(["@ann:localhost", ...senders, ...heroes])].sort());
    assert.ok(!members(hall).includes("@u20:localhost"), "a member who did not speak is not sent");
    assert.equal(hall.summary["m.joined_member_count"], PEOPLE.length + 1);

    // A later message by an already-sent member carries no membership again…
    await say("three");
    const next = await sync(`filter=${filter}&since=${first.next_batch}&timeout=0`);
    assert.deepEqual(members(next.rooms.join[HALL]), [], "u7's membership was already sent to this device");
    // …but a new speaker's membership comes with their message.
    const u20 = await loginWithPassword(hs.url, "u20", "pw");
    await say("four", u20);
    const later = await sync(`filter=${filter}&since=${next.next_batch}&timeout=0`);
    assert.deepEqual(members(later.rooms.join[HALL]), ["@u20:localhost"]);
  });

  test("include_redundant_members sends the speakers' memberships every time", async () => {
    const filter = await lazyFilter({ include_redundant_members: true });
    const first = await sync(`filter=${filter}`);
    await say("five");
    const next = await sync(`filter=${filter}&since=${first.next_batch}&timeout=0`);
    assert.deepEqual(members(next.rooms.join[HALL]), ["@ann:localhost", "@u7:localhost", ...(next.rooms.join[HALL]!.summary["m.heroes"] as string[])].filter((u, i, all) => all.indexOf(u) === i).sort());
  });

  test("GET /members: everyone, by membership, and as of a point of the stream (`at`)", async () => {
    const before = await sync("filter=" + encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 1 } } })));
    const leaver = await loginWithPassword(hs.url, "u3", "pw");
    assert.equal((await api(hs.url, "POST", `${V3}/rooms/${encodeURIComponent(HALL)}/leave`, { token: leaver.token, body: {} })).status, 200);
    const list = async (query: string) => {
      const answer = await api<{ chunk: Event[] }>(hs.url, "GET", `${V3}/rooms/${encodeURIComponent(HALL)}/members${query}`, { token: ann.token });
      assert.equal(answer.status, 200);
      return answer.body.chunk.map((e) => `${e.state_key}:${e.content.membership}`).sort();
    };
    const now = await list("");
    assert.equal(now.length, PEOPLE.length + 1);
    assert.ok(now.includes("@u3:localhost:leave"));
    assert.deepEqual(await list("?membership=leave"), ["@u3:localhost:leave"]);
    assert.ok(!(await list("?not_membership=leave")).some((m) => m.endsWith(":leave")));
    const then = await list(`?at=${before.next_batch}`);
    assert.ok(then.includes("@u3:localhost:join"), "at the earlier token u3 was still joined");
    const bad = await api(hs.url, "GET", `${V3}/rooms/${encodeURIComponent(HALL)}/members?at=yesterday`, { token: ann.token });
    assert.deepEqual([bad.status, bad.body.errcode], [400, "M_INVALID_PARAM"]);
  });

  test("every exchange matches the spec", () => {
    assert.deepEqual(validateExchanges(hs.exchanges).failures, []);
  });
});
