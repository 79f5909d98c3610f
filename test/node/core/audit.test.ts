// The audit on real matrix-js-sdk + Rust crypto against the test homeserver: every verdict,
// finding kind and shield rule from one scenario (cases that read the first audit, in any order),
// then one named scenario of live changes without a full re-audit, acknowledgement, and records
// kept across a restart of the auditor (its steps in order).
import "./unref-long-timers.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { bootstrapCrossSigning, createTestClient, waitFor, type TestClient } from "../../helpers/matrix-client.ts";
import { Auditor, type AuditUpdate } from "../../../src/core/auditor.ts";
import { readUserTrustWithPath, type UserTrust } from "../../../src/core/user-trust.ts";
import type { TrustRecords } from "../../../src/core/records.ts";
import { StoreTrustRecords } from "../../../src/store/audit/store-records.ts";
import { openAuditorDB } from "../../../src/store/db.ts";
import type { AuditProgress, AuditReport } from "../../../src/core/verdicts.ts";
import { ALL_MEMBERS, AUDIT_SCENARIO, ME } from "./audit-scenario.ts";
import { device, findingList, member, nextUpdate, room } from "./audit-helpers.ts";

// The SDK's global logger narrates every room; keep its errors only.
(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");

describe("audit on a real session", () => {
  let hs: Homeserver;
  let me: TestClient;
  let records: TrustRecords;
  let auditor: Auditor;
  let first: AuditReport;
  const progress: AuditProgress[] = [];
  /** The progress of the first, full audit only (taken before any live change). */
  let firstProgress: AuditProgress[] = [];
  const updates: AuditUpdate[] = [];

  before(async () => {
    hs = await startHomeserver({ scenario: AUDIT_SCENARIO });
    const account = hs.accounts.find((a) => a.userId === ME)!;
    me = await createTestClient({ baseUrl: hs.url, userId: ME, password: account.password, recoveryKey: account.recoveryKey! });
    await me.crypto.userHasCrossSigningKeys(ME, true); // own public identity downloaded first
    await bootstrapCrossSigning(me); // restores the account's cross-signing keys from secret storage
    await waitFor(async () => (await me.crypto.getUserVerificationStatus(ME)).isCrossSigningVerified(), "own identity trusted");
    await waitFor(async () => (await me.crypto.getUserDeviceInfo(ALL_MEMBERS)).size === ALL_MEMBERS.length, "all members' devices known");
    await me.crypto.setDeviceVerified("@lou:localhost", "L1");
    // The extension's own records (IndexedDB through idb; fake-indexeddb in Node).
    const db = openAuditorDB(`audit-test-${process.pid}`);
    records = new StoreTrustRecords(() => db, ME);
    auditor = new Auditor(me.client, { records, debounceMs: 50 });
    auditor.on("progress", (p) => progress.push(p));
    auditor.on("update", (u) => updates.push(u));
    first = await auditor.fullAudit();
    firstProgress = [...progress];
    auditor.start();
  });

  after(async () => {
    auditor?.stop();
    await me?.stop();
    await hs?.stop();
  });

  it("ran the Rust fast path (the locked SDK versions have everything it checks)", () => {
    assert.deepEqual(auditor.trustPath, { path: "rust-fast-path", reason: null });
    assert.deepEqual(updates[0]?.trustPath, { path: "rust-fast-path", reason: null });
  });

  it("reports progress over every joined room", () => {
    assert.deepEqual(firstProgress[0], { roomsDone: 0, roomsTotal: 7 });
    assert.deepEqual(firstProgress.at(-1), { roomsDone: 7, roomsTotal: 7 });
    assert.equal(firstProgress.length, 8);
    assert.equal(first.rooms.length, 7);
    assert.equal(first.account.ownIdentityTrusted, true);
    assert.equal(first.account.trustCaveat, null);
  });

  it("gives every device verdict", () => {
    assert.equal(device(first, "!dm:localhost", ME, "MEPHONE").verdict, "verified");
    assert.equal(device(first, "!dm:localhost", ME, "MEKEYLESS").verdict, "no-encryption");
    assert.equal(device(first, "!dm:localhost", ME, "MEKEYLESS").ed25519, null);
    assert.equal(device(first, "!dm:localhost", "@bob:localhost", "B1").verdict, "verified");
    assert.equal(device(first, "!mixed:localhost", "@lou:localhost", "L1").verdict, "locally-verified");
    assert.equal(device(first, "!mixed:localhost", "@dave:localhost", "D1").verdict, "cross-signed");
    assert.equal(device(first, "!mixed:localhost", "@dave:localhost", "D2").verdict, "unsigned");
    assert.equal(device(first, "!mixed:localhost", "@erin:localhost", "E1").verdict, "no-cross-signing");
    const c2 = device(first, "!carol:localhost", "@carol:localhost", "C2");
    assert.equal(c2.verdict, "unsigned");
    assert.equal(c2.displayName, "Carol's unsigned");
    assert.deepEqual(c2.facts, { signedByOwner: false, crossSigningVerified: false, localVerified: false });
    assert.match(c2.ed25519 ?? "", /^[A-Za-z0-9+/]{43}$/);
    assert.deepEqual(device(first, "!mixed:localhost", "@lou:localhost", "L1").facts, { signedByOwner: true, crossSigningVerified: false, localVerified: true });
  });

  it("gives the user verdicts seen before any change", () => {
    assert.equal(member(first, "!dm:localhost", ME).verdict, "me");
    assert.equal(member(first, "!dm:localhost", "@bob:localhost").verdict, "verified");
    assert.equal(member(first, "!mixed:localhost", "@dave:localhost").verdict, "unverified");
    assert.equal(member(first, "!mixed:localhost", "@erin:localhost").verdict, "no-cross-signing");
    assert.equal(member(first, "!mixed:localhost", "@erin:localhost").masterKey, null);
    assert.match(member(first, "!dm:localhost", "@bob:localhost").masterKey ?? "", /^[A-Za-z0-9+/]{43}$/);
  });

  it("computes Element's shield for each room", () => {
    const shields = Object.fromEntries(first.rooms.map((r) => [r.roomId, r.shield]));
    assert.deepEqual(shields, {
      "!dm:localhost": "verified", // every other member verified
      "!trio:localhost": "verified",
      "!carol:localhost": "warning", // a verified member's unsigned device
      "!mixed:localhost": "normal", // nobody verified, nothing violated
      "!vic:localhost": "verified",
      "!ivan:localhost": "normal",
      "!lobby:localhost": "normal", // unencrypted: Element shows none
    });
    assert.equal(room(first, "!lobby:localhost").encrypted, false);
    assert.equal(room(first, "!dm:localhost").isDirect, true);
    assert.equal(room(first, "!trio:localhost").isDirect, false);
  });

  it("explains each room with findings", () => {
    assert.deepEqual(findingList(first, "!carol:localhost"), ["unsigned-device-of-verified-user @carol:localhost/C2"]);
    assert.deepEqual(findingList(first, "!mixed:localhost"), ["unsigned-device @dave:localhost/D2", "user-without-cross-signing @erin:localhost"]);
    for (const id of ["!dm:localhost", "!trio:localhost", "!vic:localhost", "!ivan:localhost", "!lobby:localhost"])
      assert.deepEqual(findingList(first, id), [], id);
    const f = room(first, "!carol:localhost").findings[0]!;
    assert.equal(f.severity, "critical");
    assert.equal(f.acknowledged, false);
    assert.ok(f.firstSeen > 0);
    assert.equal(f.ed25519, device(first, "!carol:localhost", "@carol:localhost", "C2").ed25519);
  });

  it("sorts rooms by risk, riskiest first", () => {
    assert.deepEqual(first.rooms.slice(0, 2).map((r) => r.roomId), ["!carol:localhost", "!mixed:localhost"]);
    assert.equal(first.summary.findings.critical, 1);
    assert.equal(first.summary.findings.notice, 2);
    assert.equal(first.summary.unacknowledged, 3);
  });

  it("previews the isolation policies", () => {
    const carol = room(first, "!carol:localhost").policyPreview;
    assert.deepEqual(carol.excludedDevices, [{ userId: "@carol:localhost", deviceId: "C2" }]);
    assert.deepEqual(carol.failingUsers, ["@carol:localhost"]);
    assert.equal(carol.onlySignedBlocked, null);
    const mixed = room(first, "!mixed:localhost").policyPreview;
    assert.deepEqual(
      mixed.excludedDevices.map((d) => `${d.userId}/${d.deviceId}`).sort(),
      ["@dave:localhost/D2", "@erin:localhost/E1"],
    );
    assert.deepEqual(mixed.failingUsers, []);
  });

  it("reads the same trust through the Rust batch path and the public CryptoApi calls", async () => {
    const own = { userId: ME, deviceId: me.deviceId };
    const { trust: fast, path } = await readUserTrustWithPath(me.crypto, ALL_MEMBERS, own);
    // With the locked SDK versions the fast path must be the one running, or this compares nothing.
    assert.deepEqual(path, { path: "rust-fast-path", reason: null });
    const { trust: slow, path: slowPath } = await readUserTrustWithPath(me.crypto, ALL_MEMBERS, own, { publicApiOnly: true });
    assert.equal(slowPath.path, "public-api");
    const sorted = (m: Map<string, UserTrust>) =>
      [...m.values()].map((u) => ({ ...u, devices: u.devices && [...u.devices].sort((a, b) => a.deviceId.localeCompare(b.deviceId)) }));
    assert.deepEqual(sorted(fast), sorted(slow));
    assert.equal(fast.size, ALL_MEMBERS.length);
  });

  // The live changes build on each other (a later step's report still holds the earlier ones'
  // findings, and the restart keeps all of them), so they are one scenario whose steps run in order.
  it("scenario: live changes in order, audited without a full re-audit, kept across a restart", async (t) => {
    await t.test("a verified user's identity reset becomes a verification violation, without a full re-audit", async () => {
      const seen = nextUpdate(auditor, (r) => member(r, "!vic:localhost", "@vic:localhost").verdict === "verification-violation", "vic's violation");
      await hs.applyStep("vic-reset");
      const update = await seen;
      assert.equal(update.full, false);
      assert.ok(update.recomputedUsers.includes("@vic:localhost"));
      assert.ok(!update.recomputedUsers.includes("@bob:localhost"), `recomputed ${update.recomputedUsers}`);
      assert.deepEqual(update.recomputedRooms, ["!vic:localhost"]);
      assert.equal(room(update.report, "!vic:localhost").shield, "warning");
      assert.deepEqual(findingList(update.report, "!vic:localhost"), ["verification-violation @vic:localhost"]);
      const finding = room(update.report, "!vic:localhost").findings[0]!;
      assert.equal(finding.severity, "critical");
      assert.equal(finding.masterKey, member(update.report, "!vic:localhost", "@vic:localhost").masterKey);
      assert.notEqual(finding.masterKey, member(first, "!vic:localhost", "@vic:localhost").masterKey);
      assert.deepEqual(room(update.report, "!vic:localhost").policyPreview.failingUsers, ["@vic:localhost"]);
      assert.deepEqual(room(update.report, "!vic:localhost").policyPreview.onlySignedFailingUsers, ["@vic:localhost"]);
    });

    await t.test("an unverified user's identity reset becomes an identity change", async () => {
      const seen = nextUpdate(auditor, (r) => member(r, "!ivan:localhost", "@ivan:localhost").verdict === "identity-changed", "ivan's change");
      await hs.applyStep("ivan-reset");
      const update = await seen;
      assert.equal(update.full, false);
      assert.deepEqual(findingList(update.report, "!ivan:localhost"), ["identity-changed @ivan:localhost"]);
      assert.equal(room(update.report, "!ivan:localhost").findings[0]!.severity, "warning");
      assert.equal(room(update.report, "!ivan:localhost").shield, "normal");
    });

    await t.test("a device added later is a new unverified device, and acknowledging it clears its count", async () => {
      const seen = nextUpdate(auditor, (r) => member(r, "!mixed:localhost", "@dave:localhost").devices.some((d) => d.deviceId === "D3"), "dave's D3");
      await hs.applyStep("dave-new-device");
      const update = await seen;
      assert.equal(update.full, false);
      assert.deepEqual(update.recomputedRooms, ["!mixed:localhost"]);
      assert.deepEqual(findingList(update.report, "!mixed:localhost"), [
        "new-unverified-device @dave:localhost/D3",
        "unsigned-device @dave:localhost/D2",
        "user-without-cross-signing @erin:localhost",
      ]);
      // First sightings: D3 after its owner; D1 as in the first audit.
      const dave = member(update.report, "!mixed:localhost", "@dave:localhost");
      assert.ok(device(update.report, "!mixed:localhost", "@dave:localhost", "D3").firstSeen! > dave.firstSeen!);
      assert.equal(device(update.report, "!mixed:localhost", "@dave:localhost", "D1").firstSeen, device(first, "!mixed:localhost", "@dave:localhost", "D1").firstSeen);
      const fresh = room(update.report, "!mixed:localhost").findings.find((f) => f.kind === "new-unverified-device")!;
      const before = update.report.summary.unacknowledged;
      const acked = (await auditor.acknowledge([fresh.id]))!;
      assert.equal(acked.summary.unacknowledged, before - 1);
      assert.equal(room(acked, "!mixed:localhost").findings.find((f) => f.id === fresh.id)!.acknowledged, true);
    });

    await t.test("verifying a user turns their unsigned device into a verified user's unsigned device", async () => {
      const seen = nextUpdate(auditor, (r) => member(r, "!mixed:localhost", "@dave:localhost").verdict === "verified", "dave verified");
      await hs.applyStep("verify-dave");
      const update = await seen;
      assert.equal(update.full, false);
      assert.equal(device(update.report, "!mixed:localhost", "@dave:localhost", "D1").verdict, "verified");
      assert.ok(findingList(update.report, "!mixed:localhost").includes("unsigned-device-of-verified-user @dave:localhost/D2"));
      assert.ok(!findingList(update.report, "!mixed:localhost").includes("unsigned-device @dave:localhost/D2"));
      assert.deepEqual(room(update.report, "!mixed:localhost").policyPreview.failingUsers, ["@dave:localhost"]);
    });

    await t.test("an own unsigned device warns in group rooms with verified members, not in DMs or 1:1 rooms", async () => {
      const seen = nextUpdate(auditor, (r) => member(r, "!dm:localhost", ME).devices.some((d) => d.deviceId === "MENEW"), "own MENEW");
      await hs.applyStep("own-unsigned-device");
      const update = await seen;
      assert.equal(update.full, false);
      assert.equal(device(update.report, "!dm:localhost", ME, "MENEW").verdict, "unsigned");
      assert.equal(room(update.report, "!trio:localhost").shield, "warning");
      assert.equal(room(update.report, "!dm:localhost").shield, "verified");
      assert.equal(room(update.report, "!vic:localhost").shield, "warning"); // still the violation
      assert.deepEqual(findingList(update.report, "!trio:localhost"), [
        `new-unverified-device ${ME}/MENEW`,
        `own-unverified-device ${ME}/MENEW`,
      ]);
      assert.deepEqual(room(update.report, "!trio:localhost").policyPreview.failingUsers, [ME]);
    });

    await t.test("a member joining or leaving changes the room's audit", async () => {
      const joined = nextUpdate(auditor, (r) => room(r, "!mixed:localhost").members.some((m) => m.userId === "@gus:localhost"), "gus in mixed");
      await hs.applyStep("gus-joins");
      const update = await joined;
      assert.equal(update.full, false);
      assert.ok(update.recomputedUsers.includes("@gus:localhost"));
      assert.deepEqual(update.recomputedRooms, ["!mixed:localhost"]);
      // Seen for the first time with the member: an unsigned device, but not a "new" one.
      assert.ok(findingList(update.report, "!mixed:localhost").includes("unsigned-device @gus:localhost/G1"));
      assert.ok(!findingList(update.report, "!mixed:localhost").includes("new-unverified-device @gus:localhost/G1"));

      const left = nextUpdate(auditor, (r) => !room(r, "!mixed:localhost").members.some((m) => m.userId === "@lou:localhost"), "lou gone");
      await hs.applyStep("lou-leaves");
      assert.equal((await left).full, false);
    });

    await t.test("a room that turns encryption on is audited from then on", async () => {
      assert.deepEqual(room(auditor.report!, "!lobby:localhost").members, []);
      const seen = nextUpdate(auditor, (r) => room(r, "!lobby:localhost").encrypted, "lobby encrypted");
      await me.client.sendStateEvent("!lobby:localhost", "m.room.encryption" as never, { algorithm: "m.megolm.v1.aes-sha2" } as never, "");
      const update = await seen;
      assert.equal(update.full, false);
      assert.deepEqual(update.recomputedRooms, ["!lobby:localhost"]);
      assert.deepEqual(room(update.report, "!lobby:localhost").members.map((m) => m.userId).sort(), ["@bob:localhost", ME]);
      assert.equal(room(update.report, "!lobby:localhost").shield, "verified");
    });

    await t.test("never ran a full audit for the live changes", async () => {
      assert.equal(updates.filter((u) => u.full).length, 1);
    });

    await t.test("keeps first sightings and acknowledgements in the records across a restart of the auditor", async () => {
      await auditor.whenIdle();
      const last = auditor.report!;
      auditor.stop();
      // A new records object over a freshly opened database: only what was written survives.
      const reopened = openAuditorDB(`audit-test-${process.pid}`);
      const restarted = new Auditor(me.client, { records: new StoreTrustRecords(() => reopened, ME), debounceMs: 50 });
      const report = await restarted.fullAudit();
      const byId = (r: AuditReport) => new Map(r.rooms.flatMap((x) => x.findings).map((f) => [f.id, f]));
      const before = byId(last);
      const afterRestart = byId(report);
      assert.deepEqual([...afterRestart.keys()].sort(), [...before.keys()].sort());
      for (const [id, f] of afterRestart) {
        assert.equal(f.firstSeen, before.get(id)!.firstSeen, id);
        assert.equal(f.acknowledged, before.get(id)!.acknowledged, id);
      }
      assert.equal(report.summary.unacknowledged, last.summary.unacknowledged);
      // Members and devices with keys keep their first sightings, per room.
      const sightings = (r: AuditReport) =>
        r.rooms.filter((x) => x.encrypted).flatMap((x) => x.members.flatMap((m) => [
          `${x.roomId} ${m.userId} ${m.firstSeen}`,
          ...m.devices.filter((d) => d.ed25519 !== null).map((d) => `${x.roomId} ${m.userId}/${d.deviceId} ${d.firstSeen}`),
        ])).sort();
      assert.deepEqual(sightings(report), sightings(last));
      assert.ok(sightings(last).length > 20 && sightings(last).every((line) => /\d+$/.test(line)), "every sighting has a time");
      // Acknowledging everything leaves nothing to count.
      const all = [...afterRestart.keys()];
      assert.equal((await restarted.acknowledge(all))!.summary.unacknowledged, 0);
      assert.ok(all.length > 0);
    });
  });
});
