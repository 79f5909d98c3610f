// Protocol basics: errors the spec names, CORS for extension pages, UIA on device deletion, rooms,
// account data, profiles and aliases — all checked against the spec schemas too.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { api, loginWithPassword } from "../../helpers/http-api.ts";
import { validateExchanges } from "../../helpers/spec-schemas.ts";

const V3 = "/_matrix/client/v3";

describe("protocol basics", () => {
  let hs: Homeserver;
  let ann: { token: string; deviceId: string };
  let ben: { token: string; deviceId: string };

  before(async () => {
    hs = await startHomeserver({
      record: true,
      scenario: {
        name: "protocol",
        users: [
          { id: "@ann:localhost", password: "ann-pw", displayName: "Ann", crossSigning: false },
          { id: "@ben:localhost", password: "ben-pw", displayName: "Ben", crossSigning: false },
        ],
        rooms: [{ alias: "#hall:localhost", name: "Hall", creator: "@ann:localhost", members: ["@ben:localhost"], messages: [{ sender: "@ben:localhost", body: "hi" }] }],
      },
    });
    ann = await loginWithPassword(hs.url, "ann", "ann-pw");
    ben = await loginWithPassword(hs.url, "@ben:localhost", "ben-pw");
  });

  after(async () => {
    await hs?.stop();
  });

  test("errors: unknown endpoint, bad and missing tokens, broken JSON, missing fields, wrong password", async () => {
    const unknown = await api(hs.url, "GET", `${V3}/no/such/thing`, { token: ann.token });
    assert.deepEqual([unknown.status, unknown.body.errcode], [404, "M_UNRECOGNIZED"]);
    const badToken = await api(hs.url, "GET", `${V3}/account/whoami`, { token: "nope" });
    assert.deepEqual([badToken.status, badToken.body.errcode], [401, "M_UNKNOWN_TOKEN"]);
    const noToken = await api(hs.url, "GET", `${V3}/account/whoami`);
    assert.deepEqual([noToken.status, noToken.body.errcode], [401, "M_MISSING_TOKEN"]);
    const broken = await api(hs.url, "POST", `${V3}/keys/query`, { token: ann.token, rawBody: "{not json" });
    assert.deepEqual([broken.status, broken.body.errcode], [400, "M_NOT_JSON"]);
    const shape = await api(hs.url, "POST", `${V3}/keys/query`, { token: ann.token, body: { device_keys: "everyone" } });
    assert.deepEqual([shape.status, shape.body.errcode], [400, "M_BAD_JSON"]);
    const missing = await api(hs.url, "POST", `${V3}/login`, { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "ann" } } });
    assert.deepEqual([missing.status, missing.body.errcode], [400, "M_MISSING_PARAM"]);
    const wrong = await api(hs.url, "POST", `${V3}/login`, { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "ann" }, password: "guess" } });
    assert.deepEqual([wrong.status, wrong.body.errcode], [403, "M_FORBIDDEN"]);
    const noBackup = await api(hs.url, "GET", `${V3}/room_keys/version`, { token: ann.token });
    assert.deepEqual([noBackup.status, noBackup.body.errcode], [404, "M_NOT_FOUND"]);
  });

  test("CORS: preflight and responses allow any origin with Authorization", async () => {
    const preflight = await fetch(`${hs.url}${V3}/sync`, { method: "OPTIONS", headers: { Origin: "chrome-extension://abc", "Access-Control-Request-Headers": "authorization" } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /Authorization/);
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /PUT/);
    const versions = await fetch(`${hs.url}/_matrix/client/versions`);
    assert.equal(versions.headers.get("access-control-allow-origin"), "*");
  });

  test("discovery and session endpoints", async () => {
    assert.ok((await api(hs.url, "GET", "/_matrix/client/versions")).body.versions.includes("v1.11"));
    assert.equal((await api(hs.url, "GET", "/.well-known/matrix/client")).body["m.homeserver"].base_url, hs.url);
    assert.deepEqual((await api(hs.url, "GET", `${V3}/login`)).body.flows, [{ type: "m.login.password" }]);
    assert.deepEqual((await api(hs.url, "GET", `${V3}/account/whoami`, { token: ann.token })).body.user_id, "@ann:localhost");
    assert.ok((await api(hs.url, "GET", `${V3}/capabilities`, { token: ann.token })).body.capabilities["m.room_versions"]);
    assert.ok((await api(hs.url, "GET", `${V3}/pushrules/`, { token: ann.token })).body.global);
  });

  test("rooms: alias, state, members, send, messages, invite, leave", async () => {
    const roomId = (await api(hs.url, "GET", `${V3}/directory/room/${encodeURIComponent("#hall:localhost")}`)).body.room_id as string;
    assert.ok(roomId.startsWith("!"));
    const r = (path: string) => `${V3}/rooms/${encodeURIComponent(roomId)}${path}`;
    assert.equal((await api(hs.url, "GET", r("/state/m.room.name"), { token: ben.token })).body.name, "Hall");
    const joined = (await api(hs.url, "GET", r("/joined_members"), { token: ben.token })).body.joined;
    assert.deepEqual(Object.keys(joined).sort(), ["@ann:localhost", "@ben:localhost"]);
    assert.equal(joined["@ann:localhost"].display_name, "Ann");
    const sent = await api(hs.url, "PUT", r("/send/m.room.message/txn1"), { token: ann.token, body: { msgtype: "m.text", body: "hello" } });
    const again = await api(hs.url, "PUT", r("/send/m.room.message/txn1"), { token: ann.token, body: { msgtype: "m.text", body: "hello" } });
    assert.equal(again.body.event_id, sent.body.event_id, "a retried transaction is not sent twice");
    const fetched = await api(hs.url, "GET", r(`/event/${encodeURIComponent(sent.body.event_id)}`), { token: ben.token });
    assert.equal(fetched.body.content.body, "hello");
    const history = (await api(hs.url, "GET", r("/messages?dir=b&limit=5"), { token: ben.token })).body.chunk as { content: { body?: string } }[];
    assert.deepEqual(history.slice(0, 2).map((e) => e.content.body), ["hello", "hi"]);
    const created = await api(hs.url, "POST", `${V3}/createRoom`, { token: ann.token, body: { name: "Side", invite: ["@ben:localhost"], is_direct: true, initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }] } });
    const side = created.body.room_id as string;
    const benSync = (await api(hs.url, "GET", `${V3}/sync`, { token: ben.token })).body;
    assert.ok(benSync.rooms.invite[side], "Ben sees the invite");
    assert.equal((await api(hs.url, "POST", `${V3}/join/${encodeURIComponent(side)}`, { token: ben.token, body: {} })).status, 200);
    const members = (await api(hs.url, "GET", `${V3}/rooms/${encodeURIComponent(side)}/members`, { token: ann.token })).body.chunk as { state_key: string; content: { membership: string } }[];
    assert.deepEqual(members.map((m) => [m.state_key, m.content.membership]).sort(), [["@ann:localhost", "join"], ["@ben:localhost", "join"]]);
    assert.equal((await api(hs.url, "POST", `${V3}/rooms/${encodeURIComponent(side)}/leave`, { token: ben.token, body: {} })).status, 200);
    const outsider = await api(hs.url, "PUT", `${V3}/rooms/${encodeURIComponent(side)}/send/m.room.message/t2`, { token: ben.token, body: { body: "x" } });
    assert.equal(outsider.status, 403, "a member who left cannot send");
  });

  test("sync: a timeline limit from a stored filter gives limited timelines, earlier state in state, and a working prev_batch", async () => {
    const filter = await api(hs.url, "POST", `${V3}/user/${encodeURIComponent("@ann:localhost")}/filter`, { token: ann.token, body: { room: { timeline: { limit: 2 } } } });
    assert.deepEqual((await api(hs.url, "GET", `${V3}/user/${encodeURIComponent("@ann:localhost")}/filter/${filter.body.filter_id}`, { token: ann.token })).body, { room: { timeline: { limit: 2 } } });
    const sync = (await api(hs.url, "GET", `${V3}/sync?filter=${filter.body.filter_id}`, { token: ann.token })).body;
    const roomId = (await api(hs.url, "GET", `${V3}/directory/room/${encodeURIComponent("#hall:localhost")}`)).body.room_id as string;
    const room = sync.rooms.join[roomId];
    assert.equal(room.timeline.events.length, 2);
    assert.equal(room.timeline.limited, true);
    assert.ok(room.state.events.some((e: { type: string }) => e.type === "m.room.create"), "earlier state arrives in state");
    const older = (await api(hs.url, "GET", `${V3}/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=1&from=${room.timeline.prev_batch}`, { token: ann.token })).body;
    assert.equal(older.chunk.length, 1);
    assert.ok(!room.timeline.events.some((e: { event_id: string }) => e.event_id === older.chunk[0].event_id), "pagination continues before the timeline");
  });

  test("account data (global and per room) and profile", async () => {
    const roomId = (await api(hs.url, "GET", `${V3}/directory/room/${encodeURIComponent("#hall:localhost")}`)).body.room_id as string;
    const me = encodeURIComponent("@ann:localhost");
    assert.equal((await api(hs.url, "PUT", `${V3}/user/${me}/account_data/org.example.test`, { token: ann.token, body: { n: 1 } })).status, 200);
    assert.deepEqual((await api(hs.url, "GET", `${V3}/user/${me}/account_data/org.example.test`, { token: ann.token })).body, { n: 1 });
    assert.equal((await api(hs.url, "GET", `${V3}/user/${me}/account_data/org.example.none`, { token: ann.token })).body.errcode, "M_NOT_FOUND");
    assert.equal((await api(hs.url, "PUT", `${V3}/user/${me}/rooms/${encodeURIComponent(roomId)}/account_data/org.example.room`, { token: ann.token, body: { r: true } })).status, 200);
    assert.deepEqual((await api(hs.url, "GET", `${V3}/user/${me}/rooms/${encodeURIComponent(roomId)}/account_data/org.example.room`, { token: ann.token })).body, { r: true });
    const other = await api(hs.url, "GET", `${V3}/user/${encodeURIComponent("@ben:localhost")}/account_data/org.example.test`, { token: ann.token });
    assert.equal(other.status, 403, "nobody reads another's account data");
    assert.equal((await api(hs.url, "GET", `${V3}/profile/${me}`)).body.displayname, "Ann");
  });

  test("devices: list, rename, and deletion behind UIA removes the device", async () => {
    const second = await loginWithPassword(hs.url, "ann", "ann-pw");
    const list = (await api(hs.url, "GET", `${V3}/devices`, { token: ann.token })).body.devices as { device_id: string }[];
    assert.ok(list.some((d) => d.device_id === second.deviceId));
    assert.equal((await api(hs.url, "PUT", `${V3}/devices/${second.deviceId}`, { token: ann.token, body: { display_name: "Renamed" } })).status, 200);
    assert.equal((await api(hs.url, "GET", `${V3}/devices/${second.deviceId}`, { token: ann.token })).body.display_name, "Renamed");
    const challenge = await api(hs.url, "DELETE", `${V3}/devices/${second.deviceId}`, { token: ann.token, body: {} });
    assert.equal(challenge.status, 401);
    const auth = { type: "m.login.password", identifier: { type: "m.id.user", user: "ann" }, password: "ann-pw", session: challenge.body.session };
    assert.equal((await api(hs.url, "DELETE", `${V3}/devices/${second.deviceId}`, { token: ann.token, body: { auth } })).status, 200);
    assert.equal((await api(hs.url, "GET", `${V3}/account/whoami`, { token: second.token })).status, 401, "its token died with it");
  });

  test("to-device messages reach the addressed device once", async () => {
    const since = (await api(hs.url, "GET", `${V3}/sync`, { token: ben.token })).body.next_batch;
    const body = { messages: { "@ben:localhost": { [ben.deviceId]: { note: "psst" } } } };
    assert.equal((await api(hs.url, "PUT", `${V3}/sendToDevice/org.example.note/t1`, { token: ann.token, body })).status, 200);
    const first = (await api(hs.url, "GET", `${V3}/sync?since=${since}`, { token: ben.token })).body;
    assert.deepEqual(first.to_device.events, [{ type: "org.example.note", sender: "@ann:localhost", content: { note: "psst" } }]);
    const second = (await api(hs.url, "GET", `${V3}/sync?since=${first.next_batch}`, { token: ben.token })).body;
    assert.deepEqual(second.to_device.events, [], "acknowledged messages are not redelivered");
  });

  test("when Ben leaves the last shared room, Ann's sync lists him in device_lists.left", async () => {
    const roomId = (await api(hs.url, "GET", `${V3}/directory/room/${encodeURIComponent("#hall:localhost")}`)).body.room_id as string;
    const since = (await api(hs.url, "GET", `${V3}/sync`, { token: ann.token })).body.next_batch;
    assert.equal((await api(hs.url, "POST", `${V3}/rooms/${encodeURIComponent(roomId)}/leave`, { token: ben.token, body: {} })).status, 200);
    const next = (await api(hs.url, "GET", `${V3}/sync?since=${since}`, { token: ann.token })).body;
    assert.deepEqual(next.device_lists.left, ["@ben:localhost"]);
    const benView = (await api(hs.url, "GET", `${V3}/sync?since=${since}`, { token: ben.token })).body;
    assert.ok(benView.rooms.leave[roomId], "Ben sees the room under leave");
    assert.deepEqual(benView.device_lists.left, ["@ann:localhost"]);
  });

  test("recorded exchanges match the spec", () => {
    const report = validateExchanges(hs.exchanges);
    assert.deepEqual(report.failures, []);
  });
});
