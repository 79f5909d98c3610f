// Look-alike names on the real audit (real matrix-js-sdk + Rust crypto, the extension's records in
// fake-indexeddb): the name that arrived later is the look-alike, in both orders of arrival, and a
// member this account verified who renames to look like another member is flagged (no exemption).
import "fake-indexeddb/auto";
import "./unref-long-timers.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { startHomeserver, type Homeserver, type Scenario } from "../../homeserver/index.ts";
import { getRoom, setMembership } from "../../homeserver/rooms.ts";
import { wake } from "../../homeserver/state.ts";
import { bootstrapCrossSigning, createTestClient, waitFor, type TestClient } from "../../helpers/matrix-client.ts";
import { Auditor } from "../../../src/core/auditor.ts";
import { StoreTrustRecords } from "../../../src/store/audit/store-records.ts";
import { openAuditorDB } from "../../../src/store/db.ts";
import type { AuditReport } from "../../../src/core/verdicts.ts";
import { nextUpdate, room } from "./audit-helpers.ts";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");

const ME = "@me:localhost";
const ALICE = "@alice:localhost";
const MALLORY = "@mallory:localhost";
const BOB = "@bob:localhost";
const FIRST = "!alice-first:localhost";
const SECOND = "!mallory-first:localhost";
const RENAME = "!rename:localhost";
const FAKE_ALICE = "Аlice"; // Cyrillic А

const SCENARIO: Scenario = {
  name: "lookalike-arrival",
  serverName: "localhost",
  users: [
    { id: ME, password: "me-password", secretStorage: true, devices: [], verified: [BOB] },
    { id: ALICE, password: "pw", displayName: "Alice", devices: [{ id: "A1" }] },
    { id: MALLORY, password: "pw", displayName: FAKE_ALICE, devices: [{ id: "M1" }] },
    { id: BOB, password: "pw", displayName: "Bob", devices: [{ id: "B1" }] },
  ],
  rooms: [
    // Alice is there first; Mallory joins later.
    { id: FIRST, name: "Alice first", encrypted: true, creator: ME, members: [ALICE] },
    // Mallory is there first; the genuine Alice joins later.
    { id: SECOND, name: "Mallory first", encrypted: true, creator: ME, members: [MALLORY] },
    // Bob, whom this account verified, and Alice; Bob later renames to look like Alice.
    { id: RENAME, name: "Rename", encrypted: true, creator: ME, members: [ALICE, BOB] },
  ],
  steps: {
    "mallory-joins-first": [{ action: "joinRoom", user: MALLORY, room: FIRST }],
    "alice-joins-second": [{ action: "joinRoom", user: ALICE, room: SECOND }],
  },
};

const lookalikes = (r: AuditReport, roomId: string) =>
  room(r, roomId).findings.filter((f) => f.kind === "lookalike-name").map((f) => `${f.userId}~${f.lookalikeOf}`).sort();

describe("look-alike names by order of arrival, on the real audit", () => {
  let hs: Homeserver;
  let me: TestClient;
  let auditor: Auditor;

  before(async () => {
    hs = await startHomeserver({ scenario: SCENARIO });
    const account = hs.accounts.find((a) => a.userId === ME)!;
    me = await createTestClient({ baseUrl: hs.url, userId: ME, password: account.password, recoveryKey: account.recoveryKey! });
    await me.crypto.userHasCrossSigningKeys(ME, true);
    await bootstrapCrossSigning(me);
    await me.crypto.getUserDeviceInfo([BOB], true);
    await waitFor(async () => (await me.crypto.getUserVerificationStatus(BOB)).isCrossSigningVerified() || undefined, "Bob verified through my identity", 30_000);
    const db = await openAuditorDB(`lookalike-arrival-${process.pid}`);
    auditor = new Auditor(me.client, { records: new StoreTrustRecords(async () => db, ME), debounceMs: 50 });
    const first = await auditor.fullAudit();
    auditor.start();
    for (const roomId of [FIRST, SECOND, RENAME]) assert.deepEqual(lookalikes(first, roomId), [], `nothing in ${roomId} yet`);
  });

  after(async () => {
    auditor?.stop();
    await me?.stop();
    await hs?.stop();
  });

  it("Alice first, the impostor later: only the impostor is flagged", async () => {
    const seen = nextUpdate(auditor, (r) => lookalikes(r, FIRST).length > 0, "a look-alike in the first room");
    await hs.applyStep("mallory-joins-first");
    assert.deepEqual(lookalikes((await seen).report, FIRST), [`${MALLORY}~${ALICE}`]);
  });

  it("the impostor first, Alice later: the later name is the look-alike", async () => {
    const seen = nextUpdate(auditor, (r) => lookalikes(r, SECOND).length > 0, "a look-alike in the second room");
    await hs.applyStep("alice-joins-second");
    assert.deepEqual(lookalikes((await seen).report, SECOND), [`${ALICE}~${MALLORY}`]);
  });

  it("a verified member who renames to look like another is flagged; the genuine member is not", async () => {
    await auditor.whenIdle();
    assert.equal(room(auditor.report!, RENAME).members.find((m) => m.userId === BOB)?.verdict, "verified", "Bob is verified");
    const seen = nextUpdate(auditor, (r) => lookalikes(r, RENAME).length > 0, "a look-alike after the rename");
    // Bob sets a new display name: Element sends a new member event in each room.
    hs.state.users.get(BOB)!.displayName = FAKE_ALICE;
    setMembership(hs.state, getRoom(hs.state, RENAME), BOB, BOB, "join");
    wake(hs.state);
    assert.deepEqual(lookalikes((await seen).report, RENAME), [`${BOB}~${ALICE}`]);
  });
});
