// Desktop alerts for new problems: off by default; once per problem, never again after acknowledgement
// or a restart; turning them on alerts nothing already there; scope and threshold as chosen.
// The browser's notifications are recorded here; test/browser/alerts.cases.ts shows them in the browsers.
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { ProblemAlerts, type NotificationsApi } from "../../../../src/background/audit/alerts.ts";
import { ALERTS_OFF, alertId, problemHash, problemOfAlert, type AlertSettings } from "../../../../src/core/alerts.ts";
import { parseRoute } from "../../../../src/popup/route.ts";
import { openAuditorDB } from "../../../../src/store/db.ts";
import { acknowledgedIn } from "../../../../src/background/audit/acknowledged-report.ts";
import { device, finding, member, report, room } from "../../popup/report-parts.ts";

function recorder() {
  const created: { id: string; title: string; message: string }[] = [];
  const cleared: string[] = [];
  const api: NotificationsApi = {
    async create(id, options) {
      created.push({ id, title: options.title, message: options.message });
      return id;
    },
    async clear(id) {
      cleared.push(id);
      return true;
    },
  };
  return { api, created, cleared };
}

function setUp(initial: AlertSettings = ALERTS_OFF) {
  const db = openAuditorDB(`alerts-${randomUUID()}`);
  let settings = initial;
  const notes = recorder();
  const make = () => new ProblemAlerts({ db: () => db, settings: async () => settings, notifications: notes.api, iconUrl: "icon.png" });
  return { notes, alerts: make(), restart: make, set: (s: AlertSettings) => (settings = s) };
}

const ON: AlertSettings = { enabled: true, warnings: false, watchedOnly: false, watchedRooms: [] };

const bob = (roomId: string) => finding(`bob-${roomId}`, { roomId, userId: "@bob:x", kind: "verification-violation", severity: "critical", masterKey: "M2" });
const alice = (roomId: string) => finding(`alice-${roomId}`, { roomId, userId: "@alice:x", kind: "unsigned-device-of-verified-user", severity: "critical", deviceId: "NEW", ed25519: "K" });
const carol = (roomId: string) => finding(`carol-${roomId}`, { roomId, userId: "@carol:x", kind: "identity-changed", severity: "warning", masterKey: "C2" });
const people = [member("@bob:x", { displayName: "Bob" }), member("@alice:x", { displayName: "Alice", devices: [device("@alice:x", "NEW")] })];

const before = () => report([room("!a:x", { name: "Ops", members: people, findings: [bob("!a:x")] })]);
const after = () =>
  report([
    room("!a:x", { name: "Ops", members: people, findings: [bob("!a:x"), alice("!a:x"), carol("!a:x")] }),
    room("!b:x", { name: "Falcon", members: people, findings: [alice("!b:x")] }),
  ]);

test("off by default: nothing is alerted", async () => {
  const { notes, alerts } = setUp();
  await alerts.follow(before());
  await alerts.follow(after());
  assert.deepEqual(notes.created, []);
});

test("turned on: problems already there do not alert; a new critical problem alerts once, named with its person and rooms", async () => {
  const { notes, alerts, set } = setUp();
  await alerts.follow(before());
  set(ON);
  await alerts.follow(before()); // the settings change takes the baseline
  assert.equal(notes.created.length, 0, "Bob's problem was there before alerts were on");
  await alerts.follow(after());
  await alerts.follow(after());
  assert.equal(notes.created.length, 1, "one notification for Alice's device, in two rooms, over two reports");
  const problem = after().problems.find((p) => p.userId === "@alice:x")!;
  assert.equal(notes.created[0]!.id, alertId(problem.id));
  assert.equal(notes.created[0]!.title, "Critical: Alice has a device they did not sign — you verified them");
  assert.match(notes.created[0]!.message, /^In Ops, Falcon\./);
  assert.equal(problemOfAlert(notes.created[0]!.id), problem.id, "a click finds its problem");
  assert.deepEqual(parseRoute(problemHash(problem.id)), { name: "problem", problemId: problem.id }, "and the popup opens on it");
});

test("after acknowledgement the notification is cleared and never comes back, not after a restart either", async () => {
  const { notes, alerts, restart, set } = setUp();
  set(ON);
  await alerts.follow(before());
  await alerts.follow(after());
  assert.equal(notes.created.length, 1);
  const problem = after().problems.find((p) => p.userId === "@alice:x")!;
  const acknowledged = acknowledgedIn(after(), problem.findingIds).report;
  await alerts.follow(acknowledged);
  assert.deepEqual(notes.cleared, [alertId(problem.id)]);
  const again = restart();
  await again.follow(acknowledged);
  await again.follow(after()); // even if a later report showed it open again
  assert.equal(notes.created.length, 1, "alerted once, ever");
});

test("warnings only when asked; watched rooms only when chosen", async () => {
  const withWarnings = setUp();
  withWarnings.set({ ...ON, warnings: true });
  await withWarnings.alerts.follow(before());
  await withWarnings.alerts.follow(after());
  assert.deepEqual(withWarnings.notes.created.map((n) => n.title.split(":")[0]).sort(), ["Critical", "Warning"], "Alice's device and Carol's change");

  const watched = setUp();
  watched.set({ ...ON, watchedOnly: true, watchedRooms: ["!b:x"] });
  await watched.alerts.follow(report([room("!a:x", { name: "Ops", members: people, findings: [] })]));
  await watched.alerts.follow(after());
  assert.equal(watched.notes.created.length, 1, "Alice's device touches the watched Falcon; Bob's problem only Ops");
  assert.match(watched.notes.created[0]!.title, /Alice/);

  const unwatched = setUp();
  unwatched.set({ ...ON, watchedOnly: true, watchedRooms: [] });
  await unwatched.alerts.follow(before());
  await unwatched.alerts.follow(after());
  assert.deepEqual(unwatched.notes.created, [], "no watched room, no alert");
});
