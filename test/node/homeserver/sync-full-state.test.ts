// /sync `full_state` and the legacy r0 paths: what a client restarting from a saved token (matrix-nio)
// relies on. With full_state every joined room comes back with its whole state even when nothing
// changed, the timeline stays limited by `since`, and the answer does not wait for the timeout.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { api, loginWithPassword } from "../../helpers/http-api.ts";
import { validateExchanges } from "../../helpers/spec-schemas.ts";

const V3 = "/_matrix/client/v3";
const R0 = "/_matrix/client/r0";
const HALL = "!hall:localhost";

type Sync = { next_batch: string; rooms: { join: Record<string, { state: { events: { type: string; state_key: string }[] }; timeline: { events: { content: { body?: string } }[] } }> } };

describe("/sync full_state and r0 aliases", () => {
  let hs: Homeserver;
  let ann: { token: string; deviceId: string };

  before(async () => {
    hs = await startHomeserver({
      record: true,
      scenario: {
        name: "full-state",
        users: [
          { id: "@ann:localhost", password: "ann-pw", displayName: "Ann", crossSigning: false },
          { id: "@ben:localhost", password: "ben-pw", displayName: "Ben", crossSigning: false },
        ],
        rooms: [
          { id: HALL, name: "Hall", creator: "@ann:localhost", members: ["@ben:localhost"], messages: [{ sender: "@ben:localhost", body: "before" }] },
          { id: "!quiet:localhost", name: "Quiet", creator: "@ann:localhost" },
        ],
      },
    });
    ann = await loginWithPassword(hs.url, "ann", "ann-pw");
  });

  after(async () => {
    await hs?.stop();
  });

  test("an incremental sync with full_state returns every joined room with its whole state, and the timeline since the token", async () => {
    const first = await api<Sync>(hs.url, "GET", `${V3}/sync`, { token: ann.token });
    const since = first.body.next_batch;
    const ben = await loginWithPassword(hs.url, "ben", "ben-pw");
    const sent = await api(hs.url, "PUT", `${V3}/rooms/${encodeURIComponent(HALL)}/send/m.room.message/t1`, { token: ben.token, body: { msgtype: "m.text", body: "after" } });
    assert.equal(sent.status, 200);

    const plain = await api<Sync>(hs.url, "GET", `${V3}/sync?since=${since}&timeout=0`, { token: ann.token });
    assert.deepEqual(Object.keys(plain.body.rooms.join), [HALL], "without full_state only the room with news");
    assert.deepEqual(plain.body.rooms.join[HALL]!.state.events, []);

    const started = Date.now();
    // A long timeout that full_state must ignore (the spec: "the query will return immediately").
    const full = await api<Sync>(hs.url, "GET", `${V3}/sync?since=${since}&full_state=true&timeout=30000`, { token: ann.token });
    assert.ok(Date.now() - started < 25_000, "full_state did not wait for the timeout");
    assert.deepEqual(Object.keys(full.body.rooms.join).sort(), [HALL, "!quiet:localhost"]);
    const hall = full.body.rooms.join[HALL]!;
    const stateKeys = hall.state.events.map((event) => `${event.type}|${event.state_key}`);
    for (const expected of ["m.room.create|", "m.room.name|", "m.room.member|@ann:localhost", "m.room.member|@ben:localhost"]) assert.ok(stateKeys.includes(expected), expected);
    assert.deepEqual(hall.timeline.events.map((event) => event.content.body), ["after"], "the timeline still starts at the token");
    const quiet = full.body.rooms.join["!quiet:localhost"]!;
    assert.deepEqual(quiet.timeline.events, []);
    assert.ok(quiet.state.events.some((event) => event.type === "m.room.name"), "a room without news comes with its state");
  });

  test("full_state must be true or false", async () => {
    const bad = await api(hs.url, "GET", `${V3}/sync?full_state=yes`, { token: ann.token });
    assert.deepEqual([bad.status, bad.body.errcode], [400, "M_INVALID_PARAM"]);
  });

  test("the r0 paths answer as v3 does (Synapse serves both; matrix-nio 0.20 uses r0)", async () => {
    const v3 = await api(hs.url, "GET", `${V3}/account/whoami`, { token: ann.token });
    const r0 = await api(hs.url, "GET", `${R0}/account/whoami`, { token: ann.token });
    assert.deepEqual([r0.status, r0.body], [200, v3.body]);
    const login = await api(hs.url, "POST", `${R0}/login`, { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "ann" }, password: "ann-pw" } });
    assert.equal(login.status, 200);
    const unknown = await api(hs.url, "GET", "/_matrix/client/r1/account/whoami", { token: ann.token });
    assert.deepEqual([unknown.status, unknown.body.errcode], [404, "M_UNRECOGNIZED"]);
  });

  test("every exchange matches the spec", () => {
    assert.deepEqual(validateExchanges(hs.exchanges).failures, []);
  });
});
