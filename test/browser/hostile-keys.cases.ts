/**
 * The hostile homeserver's lies in a real browser (each browser's test file runs these cases): the
 * extension (real background, session, Rust crypto, audit) signed in as @me of the hostile scenario,
 * then the server starts lying about everyone's keys. The report the popup shows and the badges the
 * content script draws on the member list must agree, and neither may show anything forged as verified.
 */
import { USER_VERDICT_WORDS } from "../../src/core/words.ts";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AuditReport, MemberTrust } from "../../src/core/verdicts.ts";
import { startHomeserver, type Homeserver } from "../homeserver/index.ts";
import * as lies from "../homeserver/hostile/index.ts";
import { recordKeyChange, wake } from "../homeserver/state.ts";
import { startPageServer, type PageServer } from "../pages/serve.ts";
import type { ExtensionUnderTest } from "./harness/common.ts";
import { pageMembers, showRoom, waitForBadgesOf } from "./badges.setup.ts";
import { waitForReport } from "./popup.setup.ts";
import { DORA, DUP, EXT, FOREIGN, HOSTILE_SCENARIO, MALLORY, ME, MIA, ROOM, SAM, UMA, UNA, VERA } from "../node/hostile/hostile-scenario.ts";

const memberOf = (r: AuditReport, userId: string): MemberTrust | undefined => r.rooms.find((x) => x.roomId === ROOM)?.members.find((m) => m.userId === userId);
const deviceIds = (r: AuditReport, userId: string) => (memberOf(r, userId)?.devices ?? []).map((d) => d.deviceId).sort();

/** What the browser's own test file may add (Chromium: the answer the content script itself gets). */
export interface HostileKeysSuite {
  extension: ExtensionUnderTest;
  pages: PageServer;
  lied: AuditReport;
}

export function hostileKeysCases(name: string, launch: () => Promise<ExtensionUnderTest>, extra?: (suite: () => HostileKeysSuite) => void): void {
  describe(`hostile homeserver in ${name}: the popup's report and the badges agree, nothing forged verified`, () => {
    let server: Homeserver;
    let pages: PageServer;
    let extension: ExtensionUnderTest;
    let honest: AuditReport;
    let lied: AuditReport;

    before(async () => {
      server = await startHomeserver({ scenario: HOSTILE_SCENARIO });
      pages = await startPageServer();
      extension = await launch();
      const account = server.accounts.find((a) => a.userId === ME)!;
      const signedIn = await extension.sendFromExtensionPage("session.signIn", { homeserver: server.url, user: ME, password: account.password });
      assert.ok(signedIn.ok, JSON.stringify(signedIn));
      const recovered = await extension.sendFromExtensionPage("verification.recover", { recoveryKey: account.recoveryKey! });
      assert.ok(recovered.ok, JSON.stringify(recovered));
      honest = await waitForReport(extension, "an audit that trusts the people @me verified", (r) =>
        r.account.ownIdentityTrusted && [VERA, SAM, MIA, DORA, DUP, EXT].every((u) => memberOf(r, u)?.verdict === "verified") && deviceIds(r, DORA).length === 2, 90_000);
      const h = server.hostile;
      h.lieInKeys(lies.deviceWithWrongSelfSignature(VERA, "VFAKE"));
      h.lieInKeys(lies.corruptedSelfSignature(VERA, "V2"));
      h.lieInKeys(lies.rogueSelfSigningKey(SAM, "SFAKE"));
      h.lieInKeys(lies.swappedMasterKey(MIA, "MFAKE"));
      h.lieInKeys(lies.forgedUserSigningSignature(UMA, ME, "forged"));
      h.lieInKeys(lies.forgedUserSigningSignature(UNA, ME, "rogue-key"));
      h.lieInKeys(lies.droppedDevice(DORA, "D2"));
      h.lieInKeys(lies.duplicateDeviceId(DUP, "X1"));
      h.lieInKeys(lies.foreignServerKeys(EXT, FOREIGN, "EVILDEV"));
      for (const u of [VERA, SAM, MIA, UMA, UNA, DORA, DUP, EXT, ME]) recordKeyChange(server.state, u);
      wake(server.state);
      lied = await waitForReport(extension, "the audit after the lies", (r) =>
        memberOf(r, MIA)?.verdict === "verification-violation" && deviceIds(r, SAM).includes("SFAKE") && deviceIds(r, DORA).length === 1, 90_000);
    });

    after(async () => {
      await extension?.close();
      await pages?.close();
      await server?.stop();
    });

    test("the report: each lie shows as in Node, nothing forged verified", () => {
      assert.deepEqual(deviceIds(lied, VERA), ["V1", "V2"]);
      assert.equal(memberOf(lied, SAM)!.devices.find((d) => d.deviceId === "SFAKE")!.verdict, "unsigned");
      assert.equal(memberOf(lied, MIA)!.verdict, "verification-violation");
      assert.ok(memberOf(lied, MIA)!.devices.every((d) => d.verdict !== "verified"));
      assert.equal(memberOf(lied, UMA)!.verdict, "unverified");
      assert.equal(memberOf(lied, UNA)!.verdict, "unverified");
      assert.deepEqual(deviceIds(lied, DORA), ["D1"]);
      assert.equal(memberOf(lied, DUP)!.devices[0]!.ed25519, memberOf(honest, DUP)!.devices[0]!.ed25519);
      assert.deepEqual(deviceIds(lied, EXT), ["E1"]);
      const kinds = lied.rooms.find((r) => r.roomId === ROOM)!.findings.map((f) => `${f.kind} ${f.userId}`);
      for (const expected of [`verification-violation ${MIA}`, `unsigned-device-of-verified-user ${SAM}`, `lookalike-name ${MALLORY}`]) assert.ok(kinds.includes(expected), expected);
    });

    test("the badges on the member list say what the report says, member by member", async () => {
      const room = lied.rooms.find((r) => r.roomId === ROOM)!;
      const page = await showRoom(extension, pages.origin, "current", ROOM, { [ROOM]: pageMembers(room) }, {}, ME);
      try {
        // The badges as drawn, read through the extension's own world (their names say whose and what).
        const tiles = await waitForBadgesOf(extension, page, room, "every tile's badge to match the report after the lies");
        const mia = tiles.find((t) => t.tileUser === MIA);
        assert.ok(mia?.badges[0]?.name.startsWith(`${MIA}: ${USER_VERDICT_WORDS["verification-violation"]}`), mia?.badges[0]?.name);
        // Whose keys the server forged or whose verification it faked: never shown verified.
        for (const userId of [MIA, UMA, UNA, MALLORY]) {
          const shown = tiles.find((t) => t.tileUser === userId)?.badges[0];
          assert.ok(shown?.rendered, `${userId} has a badge`);
          assert.ok(!shown.name.startsWith(`${userId}: ${USER_VERDICT_WORDS.verified}`), `${userId} shown verified: ${shown.name}`);
          assert.equal(shown.level === "ok", false, `${userId} shown in the verified colour`);
        }
      } finally {
        await page.close();
      }
    });

    extra?.(() => ({ extension, pages, lied }));
  });
}
