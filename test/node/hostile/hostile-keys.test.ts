// The hostile homeserver (test/homeserver/hostile/) lies in /keys/query and /sync; the REAL audit
// on real matrix-js-sdk + Rust crypto must never show a forged key as verified, and must report
// what the lie amounts to. First an honest look (everyone as the scenario says), then every lie at
// once on its own target, then a master key swapped without notice, then a fresh session that
// meets the lies at first contact.
import "../core/unref-long-timers.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import * as lies from "../../homeserver/hostile/index.ts";
import { attackerDevice, attackerKey } from "../../homeserver/hostile/attacker-keys.ts";
import { recordKeyChange, wake } from "../../homeserver/state.ts";
import { bootstrapCrossSigning, createTestClient, waitFor, type TestClient } from "../../helpers/matrix-client.ts";
import { Auditor } from "../../../src/core/auditor.ts";
import { readUserTrustWithPath } from "../../../src/core/user-trust.ts";
import type { AuditReport, MemberTrust } from "../../../src/core/verdicts.ts";
import { DORA, DUP, EVERYONE, EXT, FOREIGN, HOSTILE_SCENARIO, MALLORY, ME, MIA, ROOM, SAM, UMA, UNA, VERA } from "./hostile-scenario.ts";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");

const member = (r: AuditReport, userId: string): MemberTrust => {
  const m = r.rooms.find((x) => x.roomId === ROOM)!.members.find((x) => x.userId === userId);
  assert.ok(m, `${userId} is in the report`);
  return m;
};
const devices = (r: AuditReport, userId: string) => Object.fromEntries(member(r, userId).devices.map((d) => [d.deviceId, d.verdict]));
const findings = (r: AuditReport) =>
  r.rooms.find((x) => x.roomId === ROOM)!.findings.map((f) => `${f.kind} ${f.userId}${f.deviceId ? `/${f.deviceId}` : ""}${f.lookalikeOf ? ` ~${f.lookalikeOf}` : ""}`).sort();

/** Every ed25519 key the attacker made (devices and cross-signing keys). */
const ATTACKER_KEYS = new Set([
  attackerDevice(VERA, "VFAKE").signing.publicKey,
  attackerDevice(SAM, "SFAKE").signing.publicKey,
  attackerDevice(MIA, "MFAKE").signing.publicKey,
  attackerDevice(DUP, "X1", `${DUP}|X1|duplicate`).signing.publicKey,
  attackerDevice(FOREIGN, "EVILDEV").signing.publicKey,
  attackerKey(`${MIA}|swapped-master`).publicKey,
  attackerKey(`${FOREIGN}|master`).publicKey,
]);

/** Nothing the attacker made is verified, anywhere in the report. */
function assertNoForgedTrust(r: AuditReport): void {
  for (const room of r.rooms)
    for (const m of room.members) {
      if (m.masterKey && ATTACKER_KEYS.has(m.masterKey)) assert.notEqual(m.verdict, "verified", `${m.userId} with the attacker's master key`);
      for (const d of m.devices)
        if (d.ed25519 && ATTACKER_KEYS.has(d.ed25519)) assert.ok(d.verdict !== "verified" && d.verdict !== "locally-verified", `${d.userId}/${d.deviceId} is ${d.verdict}`);
    }
}

async function signIn(hs: Homeserver): Promise<TestClient> {
  const account = hs.accounts.find((a) => a.userId === ME)!;
  const me = await createTestClient({ baseUrl: hs.url, userId: ME, password: account.password, recoveryKey: account.recoveryKey! });
  await me.crypto.userHasCrossSigningKeys(ME, true);
  await bootstrapCrossSigning(me);
  await waitFor(async () => (await me.crypto.getUserVerificationStatus(ME)).isCrossSigningVerified(), "own identity trusted");
  return me;
}

/** Announces key changes of these users (or not), and waits until the client fetched them through the lies. */
async function served(hs: Homeserver, me: TestClient, users: string[], settled: () => Promise<boolean>): Promise<void> {
  hs.hostile.usersAnswered.clear();
  for (const u of users) recordKeyChange(hs.state, u);
  wake(hs.state);
  await waitFor(() => users.every((u) => hs.hostile.usersAnswered.has(u)), `keys of ${users.join(", ")} fetched through the lies`);
  await waitFor(settled, "the crypto took in the answer");
  await me.crypto.getUserDeviceInfo(users);
}

describe("hostile homeserver: lies in /keys/query and /sync, real audit on real crypto", () => {
  let hs: Homeserver;
  let me: TestClient;
  let auditor: Auditor;
  let honest: AuditReport;
  let lied: AuditReport;

  before(async () => {
    hs = await startHomeserver({ scenario: HOSTILE_SCENARIO });
    me = await signIn(hs);
    await waitFor(async () => (await me.crypto.getUserDeviceInfo(EVERYONE)).size === EVERYONE.length, "everyone's devices known");
    auditor = new Auditor(me.client, { debounceMs: 50 });
    honest = await auditor.fullAudit();
    const h = hs.hostile;
    h.lieInKeys(lies.deviceWithWrongSelfSignature(VERA, "VFAKE"));
    h.lieInKeys(lies.corruptedSelfSignature(VERA, "V2"));
    h.lieInKeys(lies.rogueSelfSigningKey(SAM, "SFAKE"));
    h.lieInKeys(lies.forgedUserSigningSignature(UMA, ME, "forged"));
    h.lieInKeys(lies.forgedUserSigningSignature(UNA, ME, "rogue-key"));
    h.lieInKeys(lies.droppedDevice(DORA, "D2"));
    h.lieInKeys(lies.duplicateDeviceId(DUP, "X1"));
    h.lieInKeys(lies.foreignServerKeys(EXT, FOREIGN, "EVILDEV"));
    await served(hs, me, [VERA, SAM, UMA, UNA, DORA, DUP, EXT, ME], async () => !(await me.crypto.getUserDeviceInfo([DORA])).get(DORA)?.has("D2"));
    lied = await auditor.fullAudit();
  });

  after(async () => {
    auditor?.stop();
    await me?.stop();
    await hs?.stop();
  });

  it("before the lies, the audit sees the scenario as written", () => {
    for (const u of [VERA, SAM, MIA, DORA, DUP, EXT]) assert.equal(member(honest, u).verdict, "verified", u);
    for (const u of [UMA, UNA, MALLORY]) assert.equal(member(honest, u).verdict, "unverified", u);
    assert.deepEqual(devices(honest, DORA), { D1: "verified", D2: "verified" });
    assert.deepEqual(findings(honest), [`lookalike-name ${MALLORY} ~${VERA}`]);
  });

  it("no forged key is ever verified", () => {
    assertNoForgedTrust(honest);
    assertNoForgedTrust(lied);
  });

  it("a made-up device with a wrong self-signature (claiming the owner's signature) is refused", () => {
    assert.deepEqual(devices(lied, VERA), { V1: "verified", V2: "verified" });
    assert.equal(member(lied, VERA).verdict, "verified");
  });

  it("a real device whose self-signature was altered keeps the keys it had", () => {
    const v2 = member(lied, VERA).devices.find((d) => d.deviceId === "V2")!;
    assert.equal(v2.ed25519, member(honest, VERA).devices.find((d) => d.deviceId === "V2")!.ed25519);
  });

  it("a device signed by a self-signing key the master key never signed is unsigned: critical for a verified person", () => {
    assert.deepEqual(devices(lied, SAM), { S1: "verified", SFAKE: "unsigned" });
    assert.equal(member(lied, SAM).masterKey, member(honest, SAM).masterKey, "the rogue self-signing key did not replace the identity");
    assert.ok(findings(lied).includes(`unsigned-device-of-verified-user ${SAM}/SFAKE`));
    assert.equal(lied.rooms[0]!.findings.find((f) => f.deviceId === "SFAKE" && f.kind === "unsigned-device-of-verified-user")!.severity, "critical");
    assert.ok(lied.rooms[0]!.policyPreview.excludedDevices.some((d) => d.userId === SAM && d.deviceId === "SFAKE"), "excluded from room keys under MSC4153");
  });

  it("a user-signing signature that does not verify never makes a person verified (forged, and by a rogue user-signing key)", () => {
    assert.equal(member(lied, UMA).verdict, "unverified");
    assert.equal(member(lied, UNA).verdict, "unverified");
    assert.deepEqual(devices(lied, UMA), { U1: "cross-signed" });
    assert.deepEqual(devices(lied, UNA), { N1: "cross-signed" });
    assert.equal(lied.account.ownIdentityTrusted, true, "the rogue user-signing key did not replace this account's own");
  });

  it("a silently dropped device disappears; the others keep their verdicts", () => {
    assert.deepEqual(devices(lied, DORA), { D1: "verified" });
    assert.equal(member(lied, DORA).verdict, "verified");
  });

  it("a device ID listed twice with other keys keeps its first-seen keys; the attacker's never appear", () => {
    const x1 = member(lied, DUP).devices;
    assert.equal(x1.length, 1);
    assert.equal(x1[0]!.ed25519, member(honest, DUP).devices[0]!.ed25519);
    assert.equal(x1[0]!.verdict, "verified");
  });

  it("keys of a user of another server passed off as hers are refused", () => {
    assert.deepEqual(devices(lied, EXT), { E1: "verified" });
    assert.equal(member(lied, EXT).masterKey, member(honest, EXT).masterKey);
    assert.equal(member(lied, EXT).verdict, "verified");
    assert.ok(!lied.rooms.some((r) => r.members.some((m) => m.userId === FOREIGN)), "the foreign user is not made a member");
  });

  it("the public CryptoApi reading and the Rust fast path agree under the lies (and the fast path runs)", async () => {
    const own = { userId: ME, deviceId: me.deviceId };
    const { trust: viaBatch, path } = await readUserTrustWithPath(me.crypto, EVERYONE, own);
    // With the locked SDK versions the fast path must be the one running, or this compares nothing.
    assert.deepEqual(path, { path: "rust-fast-path", reason: null });
    const { trust: viaPublic } = await readUserTrustWithPath(me.crypto, EVERYONE, own, { publicApiOnly: true });
    for (const u of EVERYONE) {
      const sort = (t: typeof viaBatch extends Map<string, infer T> ? T : never) => ({ ...t, devices: [...(t.devices ?? [])].sort((a, b) => a.deviceId.localeCompare(b.deviceId)) });
      assert.deepEqual(sort(viaBatch.get(u)!), sort(viaPublic.get(u)!), u);
    }
  });

  it("display names and device names are carried as written (markup, bidi) and the look-alike is flagged", () => {
    assert.equal(member(lied, MALLORY).displayName, "V\u0435ra");
    assert.match(member(lied, MALLORY).devices[0]!.displayName ?? "", /^<img src=x onerror="alert\(1\)">\u202E/);
    assert.ok(findings(lied).includes(`lookalike-name ${MALLORY} ~${VERA}`));
  });

  it("a master key swapped without notice: unseen until the client asks, then a verification violation", async () => {
    hs.hostile.lieInSync(lies.silentKeyChanges(MIA));
    hs.hostile.lieInKeys(lies.swappedMasterKey(MIA, "MFAKE"));
    recordKeyChange(hs.state, MIA); // the server's own change feed has it, the lie hides it from /sync
    wake(hs.state);
    await me.client.getDevices(); // a request of ours after the next sync
    const silent = await auditor.fullAudit();
    assert.equal(member(silent, MIA).verdict, "verified");
    assert.deepEqual(devices(silent, MIA), { M1: "verified" }, "the attacker's device is not known, so gets no room keys");
    // Clients re-ask for every tracked user after a gap in sync (markAllTrackedUsersAsDirty).
    await (me.crypto as unknown as { markAllTrackedUsersAsDirty(): Promise<void> }).markAllTrackedUsersAsDirty();
    await served(hs, me, [], async () => (await me.crypto.getUserDeviceInfo([MIA])).get(MIA)?.has("MFAKE") === true);
    const seen = await auditor.fullAudit();
    assert.equal(member(seen, MIA).verdict, "verification-violation");
    assert.ok(ATTACKER_KEYS.has(member(seen, MIA).masterKey!), "the audit shows the new master key it judged");
    assert.deepEqual(devices(seen, MIA), { M1: "cross-signed", MFAKE: "cross-signed" });
    assert.ok(findings(seen).includes(`verification-violation ${MIA}`));
    assert.equal(seen.rooms[0]!.findings.find((f) => f.kind === "verification-violation")!.severity, "critical");
    assert.equal(seen.rooms[0]!.shield, "warning");
    assertNoForgedTrust(seen);
  });

  it("a fresh session meeting every lie at first contact verifies nothing forged", async () => {
    const fresh = await signIn(hs);
    try {
      await waitFor(async () => (await fresh.crypto.getUserDeviceInfo(EVERYONE)).size === EVERYONE.length, "everyone's devices known");
      const report = await new Auditor(fresh.client).fullAudit();
      assertNoForgedTrust(report);
      assert.equal(member(report, MIA).verdict, "unverified", "the copied signature does not verify on the swapped key");
      assert.equal(member(report, UMA).verdict, "unverified");
      assert.equal(member(report, UNA).verdict, "unverified");
      assert.deepEqual(devices(report, VERA), { V1: "verified" }, "V2's altered self-signature: refused; VFAKE: refused");
      // Sam's identity as served (a self-signing key its master never signed) is refused whole.
      assert.equal(member(report, SAM).verdict, "no-cross-signing");
      assert.deepEqual(devices(report, SAM), { S1: "no-cross-signing", SFAKE: "no-cross-signing" });
      assert.ok(!("EVILDEV" in devices(report, EXT)));
      assert.notEqual(devices(report, DUP).X1, "verified");
    } finally {
      await fresh.stop();
    }
  });
});
