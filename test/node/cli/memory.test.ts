// The command line remembers between runs: two runs with one --state-dir across the demo's
// `reset-identities` and `add-device` steps, secrets from the environment. The second run reports
// Bob's verification violation and Carol's identity change (ids as the extension makes them) and
// exits 1; after `ack` of what it reported, 0. The secrets appear in no output and no argument.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import "fake-indexeddb/auto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { currentState, membershipOf } from "../../homeserver/rooms.ts";
import { findingId } from "../../../src/core/finding-ids.ts";
import type { SinceLastRun } from "../../../src/core/report-changes.ts";
import type { AuditReport, Finding } from "../../../src/core/verdicts.ts";
import { stateFileName } from "../../../src/cli/state-dir.ts";
import { loadDatabase } from "../../../src/store/dump.ts";
import { runCli, secretNowhere, type Run } from "./run-cli.ts";

const DEMO = "@demo:localhost";
const BOB = "@bob:localhost";
const CAROL = "@carol:localhost";
const ALICE = "@alice:localhost";

type CliReport = AuditReport & { sinceLastRun: SinceLastRun };

function parse(run: Run): CliReport {
  try {
    return JSON.parse(run.stdout) as CliReport;
  } catch {
    assert.fail(`standard output is not JSON:\n${run.stdout.slice(0, 500)}\nstderr:\n${run.stderr}`);
  }
}

const findings = (r: AuditReport): Finding[] => r.rooms.flatMap((room) => room.findings);

/** The master key the homeserver now publishes for `userId`. */
function masterKeyOf(hs: Homeserver, userId: string): string {
  const keys = hs.state.users.get(userId)!.crossSigning.master!.keys as Record<string, string>;
  return Object.values(keys)[0]!;
}

/** Encrypted rooms the demo user has joined and `userId` has joined or is invited to (the audit counts both). */
function sharedEncryptedRooms(hs: Homeserver, userId: string): string[] {
  const rooms: string[] = [];
  for (const [roomId, room] of hs.state.rooms)
    if (currentState(room, "m.room.encryption", "") && membershipOf(room, DEMO) === "join" && ["join", "invite"].includes(membershipOf(room, userId) ?? "")) rooms.push(roomId);
  return rooms.sort();
}

describe("matrix-trust-auditor remembers between runs", () => {
  let hs: Homeserver;
  let stateDir: string;
  let env: Record<string, string>;
  let password: string;
  let recoveryKey: string;
  const audit = (format = "json", ...extra: string[]) => runCli(["--user", DEMO, "--homeserver", hs.url, "--state-dir", stateDir, "--format", format, ...extra], { env });

  before(async () => {
    hs = await startHomeserver({ scenario: "demo" });
    // A password of this test only, so no other process on the machine can hold the same string.
    password = `pw-${randomBytes(9).toString("base64url")}`;
    hs.state.users.get(DEMO)!.password = password;
    recoveryKey = hs.accounts.find((a) => a.userId === DEMO)!.recoveryKey!;
    stateDir = mkdtempSync(join(tmpdir(), "mta-state-"));
    env = { MATRIX_PASSWORD: password, MATRIX_RECOVERY_KEY: recoveryKey };
  });
  after(async () => {
    await hs?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it("reports the identity changes of the second run, exits 1, and 0 once they are acknowledged", async () => {
    const first = await audit();
    assert.equal(first.code, 0, first.stderr); // the demo's baseline has notices only
    const baseline = parse(first);
    assert.equal(baseline.sinceLastRun.previousRunAt, null, "the first run is the baseline");
    assert.equal(baseline.account.ownIdentityTrusted, true, first.stderr);
    const bobBefore = baseline.rooms.flatMap((r) => r.members).find((m) => m.userId === BOB)!;
    assert.equal(bobBefore.verdict, "verified");
    for (const run of [first]) {
      assert.equal(run.sawChild, true, "the process list was sampled while the command ran");
      assert.equal(secretNowhere(run, password), null, "password visible");
      assert.equal(secretNowhere(run, recoveryKey), null, "recovery key visible");
    }

    await hs.applyStep("reset-identities");
    await hs.applyStep("add-device");
    const second = await audit();
    assert.equal(second.code, 1, second.stderr);
    const report = parse(second);
    const bobKey = masterKeyOf(hs, BOB);
    const carolKey = masterKeyOf(hs, CAROL);
    const ids = (kind: Finding["kind"], userId: string, key: string) =>
      sharedEncryptedRooms(hs, userId).map((roomId) => findingId({ kind, roomId, userId, key }));
    const expectedBob = ids("verification-violation", BOB, bobKey);
    const expectedCarol = ids("identity-changed", CAROL, carolKey);
    assert.ok(expectedBob.length > 0 && expectedCarol.length > 0);
    const found = findings(report);
    assert.deepEqual(found.filter((f) => f.userId === BOB && f.kind === "verification-violation").map((f) => f.id).sort(), expectedBob.sort());
    assert.deepEqual(found.filter((f) => f.userId === CAROL && f.kind === "identity-changed").map((f) => f.id).sort(), expectedCarol.sort());
    assert.ok(found.some((f) => f.userId === ALICE && f.deviceId === "ALICENEW" && f.kind === "new-unverified-device"), "the new device is a finding");
    const since = report.sinceLastRun;
    assert.equal(since.previousRunAt, baseline.generatedAt);
    for (const id of [...expectedBob, ...expectedCarol]) assert.ok(since.newFindings.includes(id), `new since the last run: ${id}`);
    const changed = since.changes.map((c) => `${c.kind} ${c.userId} ${c.deviceId ?? ""}`.trim());
    assert.ok(changed.includes(`identity-reset ${BOB}`), changed.join("\n"));
    assert.ok(changed.includes(`identity-reset ${CAROL}`), changed.join("\n"));
    assert.ok(changed.includes(`device-added ${ALICE} ALICENEW`), changed.join("\n"));
    assert.equal(secretNowhere(second, password), null);
    assert.equal(secretNowhere(second, recoveryKey), null);

    // One problem per person's new identity, whatever the number of rooms.
    const identityProblems = report.problems.filter((p) => p.subject === "identity");
    assert.deepEqual(identityProblems.map((p) => [p.userId, p.severity, p.findingIds.slice().sort()]), [
      [BOB, "critical", expectedBob.slice().sort()],
      [CAROL, "warning", expectedCarol.slice().sort()],
    ]);

    // Acknowledge exactly the problems reported as open; unknown IDs are refused without acknowledging anything.
    const open = report.problems.filter((p) => !p.acknowledged && p.severity !== "notice");
    assert.match(second.stdout, /"id": /);
    const refused = await runCli(["ack", "--user", DEMO, "--state-dir", stateDir, open[0]!.id, '["no-such-problem"]']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /No finding or problem of @demo:localhost has the ID .*no-such-problem.*Nothing was acknowledged/);
    const ack = await runCli(["ack", "--user", DEMO, "--state-dir", stateDir, ...open.map((p) => p.id)]);
    assert.equal(ack.code, 0, ack.stderr);
    assert.match(ack.stderr, new RegExp(`Acknowledged ${new Set(open.flatMap((p) => p.findingIds)).size} finding`));

    const third = await audit();
    assert.equal(third.code, 0, third.stderr);
    const after = parse(third);
    assert.ok(findings(after).filter((f) => f.userId === BOB || f.userId === CAROL).every((f) => f.acknowledged));
    assert.deepEqual(after.sinceLastRun.changes, [], "nothing changed since the second run");
    // Notices were not acknowledged: --fail-on notice still fails.
    const strict = await audit("table", "--fail-on", "notice");
    assert.equal(strict.code, 1, strict.stderr);
    assert.match(strict.stdout, /Nothing changed since the last run/);

    // Four runs, four temporary devices: none of them is remembered (the account's own sightings are its phone's).
    const db = await loadDatabase(`check-${Math.random()}`, JSON.parse(readFileSync(join(stateDir, stateFileName(DEMO)), "utf8")));
    const keys = (await db.getAllKeys("meta")).map(String).filter((k) => k.startsWith(`audit.sighting\u0001${DEMO}\u0001`));
    db.close();
    const ownDevices = new Set(keys.map((k) => JSON.parse(k.split("\u0001")[2]!) as unknown[]).filter((s) => s[1] === DEMO).map((s) => s[2]));
    assert.ok(keys.length > 0);
    assert.deepEqual([...ownDevices].sort(), ["DEMOPHONE", null]);
  });
});
