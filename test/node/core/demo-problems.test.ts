// The demo scenario as `npm start` plays it — first audit, then Alice's new device and the identity
// resets — audited by the real Auditor (matrix-js-sdk + Rust crypto). Every count a user sees is of
// problems, and equals the number worked out from the scenario's definition: the report's summary,
// the toolbar icon, and the command line's table and Markdown (with as many entries as they count).
import "./unref-long-timers.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { startHomeserver, type Homeserver, type Scenario } from "../../homeserver/index.ts";
import { createTestClient, restoreTrustFromSecretStorage, waitForDevices, type TestClient } from "../../helpers/matrix-client.ts";
import { expectedCounts, expectedProblems } from "../../helpers/expected-problems.ts";
import { Auditor } from "../../../src/core/auditor.ts";
import type { AuditReport } from "../../../src/core/verdicts.ts";
import { formatMarkdown, formatTable } from "../../../src/cli/format-report.ts";
import { toolbarBadgeFor } from "../../../src/background/toolbar-badge.ts";
import { nextUpdate } from "./audit-helpers.ts";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");

const DEMO = "@demo:localhost";
const scenario = JSON.parse(readFileSync(new URL("../../scenarios/demo.json", import.meta.url), "utf8")) as Scenario;

/** The counts every view must show, checked against one report. */
function checkEveryCount(report: AuditReport, steps: string[]): void {
  const expected = expectedProblems(scenario, DEMO, steps);
  const counts = expectedCounts(expected);
  const n = expected.length;
  const subjects = report.problems.map((p) => `${p.userId} ${p.deviceId ?? (p.subject === "identity" ? "identity" : p.subject)}`).sort();
  assert.deepEqual(subjects, expected.map((p) => p.subject).sort(), "one problem per person or device involved");
  assert.deepEqual(report.summary.problems, counts, "the summary's problem counts");
  assert.equal(toolbarBadgeFor(report).text, String(n), "the toolbar icon");

  const table = formatTable(report);
  assert.match(table, new RegExp(`; ${n} problems \\(${counts.critical} critical, ${counts.warning} warning, ${counts.notice} notice\\), ${n} not acknowledged$`, "m"), "the table's headline");
  const section = table.slice(table.indexOf(`\nProblems (${n})\n`), table.indexOf("\n\n", table.indexOf("\nProblems (")));
  assert.ok(section.startsWith(`\nProblems (${n})`), `the table's Problems heading counts ${n}:\n${table}`);
  assert.equal(section.split("\n").filter((l) => /^ {2}\[[A-Z]+ *\] /.test(l)).length, n, "as many problem lines as counted");

  const md = formatMarkdown(report);
  assert.match(md, new RegExp(`^## Problems \\(${n}\\)$`, "m"), "the Markdown heading");
  const mdSection = md.slice(md.indexOf("## Problems"), md.indexOf("## Rooms"));
  assert.equal(mdSection.split("\n").filter((l) => /^\| (Critical|Warning|Notice) \|/.test(l)).length, n, "as many Markdown rows as counted");

  // Each room lists the problems touching it, and counts them.
  for (const room of report.rooms.filter((r) => r.encrypted)) {
    const here = report.problems.filter((p) => p.roomIds.includes(room.roomId)).length;
    assert.ok(table.includes(`${room.name}  ${room.roomId}`), room.name);
    const block = table.slice(table.indexOf(`${room.name}  ${room.roomId}`)).split("\n\n")[0]!;
    assert.match(block, new RegExp(`^ {2}Problems \\(${here}\\)$`, "m"), `${room.name} counts its problems`);
    assert.equal(block.split("\n").filter((l) => /^ {2}\[[A-Z]+ *\] /.test(l)).length, here, `${room.name} lists them`);
  }
}

describe("the demo's problems, counted the same everywhere", () => {
  let hs: Homeserver;
  let demo: TestClient;
  let auditor: Auditor;
  let first: AuditReport;

  before(async () => {
    hs = await startHomeserver({ scenario: "demo" });
    const account = hs.accounts.find((a) => a.userId === DEMO)!;
    demo = await createTestClient({ baseUrl: hs.url, userId: DEMO, password: account.password, recoveryKey: account.recoveryKey, deviceName: "Trust auditor" });
    await restoreTrustFromSecretStorage(demo);
    auditor = new Auditor(demo.client, { debounceMs: 50 });
    first = await auditor.fullAudit();
    auditor.start();
  });

  after(async () => {
    auditor?.stop();
    await demo?.stop();
    await hs?.stop();
  });

  it("before the live change: one problem per person or device the scenario makes one", () => {
    checkEveryCount(first, []);
  });

  it("after add-device and reset-identities: Alice's new device is one problem in her three rooms, Bob's and Carol's resets one each", async () => {
    const stepsDone = nextUpdate(
      auditor,
      (r) =>
        r.problems.some((p) => p.deviceId === "ALICENEW") &&
        r.problems.some((p) => p.userId === "@bob:localhost" && p.kinds.includes("verification-violation")) &&
        r.problems.some((p) => p.userId === "@carol:localhost" && p.kinds.includes("identity-changed")),
      "Alice's new device and both resets",
      60_000,
    );
    await hs.applyStep("add-device");
    await waitForDevices(demo, "@alice:localhost", (ids) => ids.includes("ALICENEW"), "the new device to reach the demo session");
    await hs.applyStep("reset-identities");
    const { report } = await stepsDone;
    await auditor.whenIdle();
    const settled = auditor.report!;
    checkEveryCount(settled, ["add-device", "reset-identities"]);
    const alice = settled.problems.find((p) => p.deviceId === "ALICENEW")!;
    const aliceRooms = scenario.rooms!.filter((r) => r.encrypted && [r.creator, ...(r.members ?? [])].includes("@alice:localhost")).length;
    assert.equal(alice.roomIds.length, aliceRooms, "Alice's new device: one problem touching each of her encrypted rooms");
    assert.equal(alice.findingIds.length, 2 * aliceRooms, "made of two findings in each (unsigned, and new)");
    assert.ok(report.problems.length > 0);
  });

  it("acknowledging a problem acknowledges its findings in every room, and every count drops by one", async () => {
    const before = auditor.report!;
    const alice = before.problems.find((p) => p.deviceId === "ALICENEW")!;
    await auditor.acknowledge(alice.findingIds);
    const after = auditor.report!;
    assert.ok(after.problems.find((p) => p.id === alice.id)?.acknowledged, "the problem is acknowledged");
    assert.equal(after.summary.problems.unacknowledged, before.summary.problems.unacknowledged - 1);
    assert.equal(toolbarBadgeFor(after).text, String(before.summary.problems.unacknowledged - 1));
    assert.match(formatTable(after), new RegExp(`, ${before.summary.problems.unacknowledged - 1} not acknowledged$`, "m"));
  });
});
