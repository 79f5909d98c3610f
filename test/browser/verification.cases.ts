/**
 * Verification and repair driven from the popup in a real browser (issue 6), with the real
 * background, session and Rust crypto against the test homeserver; the other side of each flow is a
 * second real matrix-js-sdk client in Node. Screenshots go to test-output/verification-<browser>/.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { webcrypto } from "node:crypto";
import { VerificationPhase, encodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/index.js";
import { startHomeserver, type Homeserver, type Scenario } from "../homeserver/index.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";
import { signIn as signInNode, type TestClient } from "../node/core/verification/clients.ts";
import { acceptAndAwaitSas, nextIncomingRequest, waitForPhase } from "../node/core/verification/peer.ts";
import { verifySessionWithRecoveryKey } from "../../src/core/verification/restore.ts";
import { droppedDevice, inventedDevice } from "../homeserver/hostile/index.ts";
import { attackerDevice } from "../homeserver/hostile/attacker-keys.ts";
import { recordKeyChange, wake } from "../homeserver/state.ts";

const ALICE = "@alice:localhost";
const BOB = "@bob:localhost";
const CAROL = "@carol:localhost";
const DAVE = "@dave:localhost";
/** A device the hostile server makes up for Alice, named like one of hers. */
const INVENTED = "EVILMAC";

/** What both browsers' pages can do (Playwright and Puppeteer share these methods). */
export interface RawPage {
  click(selector: string): Promise<unknown>;
  type(selector: string, text: string): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  screenshot(options: { path: string }): Promise<unknown>;
}

export function verificationScenario(): Scenario {
  return {
    name: "verification-popup",
    users: [
      { id: ALICE, password: "alice-pw", displayName: "Alice", secretStorage: true, devices: [] },
      { id: BOB, password: "bob-pw", displayName: "Bob", secretStorage: true, devices: [] },
      { id: CAROL, password: "carol-pw", displayName: "Carol", devices: [{ id: "CAROLPHONE" }] },
      { id: DAVE, password: "dave-pw", displayName: "Dave", crossSigning: false, devices: [] },
    ],
    rooms: [
      { id: "!dm:localhost", creator: ALICE, members: [BOB], encrypted: true, direct: true },
      { id: "!team:localhost", name: "Team", creator: ALICE, members: [BOB, CAROL], encrypted: true },
    ],
    steps: {
      "carol-resets": [{ action: "resetIdentity", user: CAROL }],
      "bob-resets": [{ action: "resetIdentity", user: BOB }],
    },
  };
}

export interface VerificationCaseOptions {
  name: "chromium" | "firefox";
  launch: () => Promise<ExtensionUnderTest>;
  /** Sets the popup's size before screenshots. */
  prepare: (page: PageHandle) => Promise<void>;
}

export function verificationCases({ name, launch, prepare }: VerificationCaseOptions): void {
  const shots = new URL(`../../test-output/verification-${name}/`, import.meta.url).pathname;

  // A flow that stops moving fails its test instead of hanging the run.
  describe(`verification from the popup in ${name}`, { timeout: 120_000 }, () => {
    let server: Homeserver;
    let extension: ExtensionUnderTest;
    const nodeClients: TestClient[] = [];
    /** The recovery key the set-up showed (the reset test checks it still works after a refused reset). */
    let daveKey = "";

    before(async () => {
      await mkdir(shots, { recursive: true });
      // Recorded: the own-device test asserts on what reached /keys/signatures/upload.
      server = await startHomeserver({ scenario: verificationScenario(), record: true });
      extension = await launch();
      await signInExtension(ALICE);
    });
    after(async () => {
      for (const c of nodeClients) c.stop();
      await extension?.close();
      await server?.stop();
    });

    const account = (userId: string) => server.accounts.find((a) => a.userId === userId)!;

    async function signInExtension(userId: string): Promise<void> {
      const answer = await extension.sendFromExtensionPage("session.signIn", {
        homeserver: server.url,
        user: userId,
        password: account(userId).password,
      });
      assert.ok(answer.ok, `sign-in failed: ${JSON.stringify(answer)}`);
      await waitFor("the session's crypto", async () => {
        const status = await extension.sendFromExtensionPage("verification.status", {});
        return status.ok ? status.value : undefined;
      }, { timeoutMs: 30_000, intervalMs: 250 });
    }

    /** Signs the extension out; a store deletion postponed to the next start still counts as signed out. */
    async function signOutExtension(): Promise<void> {
      const out = await extension.sendFromExtensionPage("session.signOut", {});
      if (!out.ok) assert.equal(out.error.code, "storage", JSON.stringify(out));
      const status = await extension.sendFromExtensionPage("session.status", {});
      assert.ok(status.ok);
      assert.equal(status.value.signedIn, false);
    }

    async function nodeSession(userId: string, deviceName: string, verified = true): Promise<TestClient> {
      const c = await signInNode(server, userId, account(userId).password, deviceName);
      nodeClients.push(c);
      if (verified) await verifySessionWithRecoveryKey(c.client, c.broker, account(userId).recoveryKey!);
      return c;
    }

    async function openPopup(hash: string): Promise<PageHandle & { raw: RawPage }> {
      const popup = (await extension.openPopup()) as PageHandle & { raw: RawPage };
      await prepare(popup);
      await popup.evaluate((h) => (location.hash = h), hash);
      return popup;
    }

    const text = (popup: PageHandle, selector: string) =>
      popup.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

    async function emojiOnScreen(popup: PageHandle): Promise<[string, string][]> {
      await (popup.raw as RawPage).waitForSelector('[data-screen="flow"][data-step="comparing"] .emoji-grid li', { timeout: 30_000 });
      return popup.evaluate(
        () =>
          [...document.querySelectorAll(".emoji-grid li")].map((li) => [
            li.querySelector(".emoji")?.textContent ?? "",
            li.querySelector(".emoji-name")?.textContent ?? "",
          ]) as [string, string][],
        undefined,
      );
    }

    test("recovery key: a wrong key is refused with words and changes nothing; the right one verifies this session", async () => {
      const popup = await openPopup("#/identity");
      try {
        await popup.raw.waitForSelector('[data-session-verified="false"]', { timeout: 30_000 });
        await popup.raw.screenshot({ path: `${shots}identity-unverified.png` });
        // A well-formed recovery key, but another account's.
        const otherKey = encodeRecoveryKey(webcrypto.getRandomValues(new Uint8Array(32)))!;
        await popup.raw.type('[data-form="recover"] input', otherKey);
        await popup.raw.click('[data-form="recover"] button[type="submit"]');
        await popup.raw.waitForSelector('[data-action-error="recover"]');
        assert.match((await text(popup, '[data-action-error="recover"]')) ?? "", /does not match this account/);
        await popup.raw.screenshot({ path: `${shots}recovery-key-wrong.png` });
        const unchanged = await extension.sendFromExtensionPage("verification.status", {});
        assert.ok(unchanged.ok);
        assert.equal(unchanged.value.thisSessionVerified, false);
        assert.equal(Object.values(unchanged.value.detail.privateKeysCachedLocally).some(Boolean), false);
        // The field was cleared: the key does not linger in the popup.
        assert.equal(await popup.evaluate(() => (document.querySelector('[data-form="recover"] input') as HTMLInputElement).value, undefined), "");

        await popup.raw.type('[data-form="recover"] input', account(ALICE).recoveryKey!);
        await popup.raw.click('[data-form="recover"] button[type="submit"]');
        await popup.raw.waitForSelector('[data-session-verified="true"]', { timeout: 30_000 });
        const status = await extension.sendFromExtensionPage("verification.status", {});
        assert.ok(status.ok);
        assert.equal(status.value.ready, true);
        assert.equal(status.value.thisSessionVerified, true);
        await popup.raw.screenshot({ path: `${shots}identity-verified.png` });
      } finally {
        await popup.close();
      }
    });

    test("emoji: Bob is verified after both sides confirm the same seven emoji", async () => {
      const bob = await nodeSession(BOB, "bob-phone");
      const incoming = nextIncomingRequest(bob.client);
      const started = await extension.sendFromExtensionPage("verification.requestUser", { userId: BOB });
      assert.ok(started.ok, JSON.stringify(started));
      const popup = await openPopup(`#/flow/${started.value.flowId}`);
      try {
        const bobSasShown = acceptAndAwaitSas(await incoming);
        // This session holds its identity keys: it shows its QR code first; we choose emoji.
        await popup.raw.waitForSelector('[data-screen="flow"][data-step="ready"] svg[data-qr-code]', { timeout: 30_000 });
        await popup.raw.screenshot({ path: `${shots}qr-code.png` });
        await popup.raw.click('[data-action="flow-start"]');
        const bobSas = await bobSasShown;
        const shown = await emojiOnScreen(popup);
        assert.equal(shown.length, 7);
        assert.deepEqual(shown, bobSas.sas.emoji, "the popup shows Bob's seven emoji with their names");
        await popup.raw.screenshot({ path: `${shots}emoji.png` });
        await popup.raw.click('[data-action="flow-confirm"]');
        await bobSas.confirm();
        await popup.raw.waitForSelector('[data-screen="flow"][data-step="done"]', { timeout: 30_000 });
        await popup.raw.screenshot({ path: `${shots}emoji-done.png` });
        // Bob's side saw the flow complete, and he now trusts the extension's identity too.
        await waitFor("Bob sees Alice verified", async () =>
          (await bob.crypto.getUserVerificationStatus(ALICE)).isCrossSigningVerified() || undefined,
        );
      } finally {
        await popup.close();
      }
      const seen = await extension.sendFromExtensionPage("identity.get", { userId: BOB });
      assert.ok(seen.ok, JSON.stringify(seen));
      assert.equal(seen.value.verified, true, "the extension's crypto: Bob isCrossSigningVerified");
    });

    test("emoji that differ: the flow ends on both sides with a message, nothing verified", async () => {
      const bob = nodeClients.find((c) => c.userId === BOB) ?? (await nodeSession(BOB, "bob-phone"));
      const incoming = nextIncomingRequest(bob.client);
      const started = await extension.sendFromExtensionPage("verification.requestUser", { userId: BOB, roomId: "!dm:localhost" });
      assert.ok(started.ok, JSON.stringify(started));
      const popup = await openPopup(`#/flow/${started.value.flowId}`);
      try {
        const bobRequest = await incoming;
        const bobSasShown = acceptAndAwaitSas(bobRequest);
        await popup.raw.waitForSelector('[data-screen="flow"][data-step="ready"] [data-action="flow-start"]', { timeout: 30_000 });
        await popup.raw.click('[data-action="flow-start"]');
        await bobSasShown;
        await emojiOnScreen(popup);
        await popup.raw.click('[data-action="flow-mismatch"]');
        await popup.raw.waitForSelector('[data-screen="flow"][data-step="failed"] .action-error', { timeout: 30_000 });
        assert.match((await text(popup, '[data-screen="flow"] .action-error')) ?? "", /did not match/);
        await popup.raw.screenshot({ path: `${shots}emoji-mismatch.png` });
        await waitForPhase(bobRequest, [VerificationPhase.Cancelled]);
        assert.equal(bobRequest.cancellationCode, "m.mismatched_sas");
      } finally {
        await popup.close();
      }
    });

    test("the other side cancelling ends the flow with a message", async () => {
      const bob = nodeClients.find((c) => c.userId === BOB) ?? (await nodeSession(BOB, "bob-phone"));
      const incoming = nextIncomingRequest(bob.client);
      const started = await extension.sendFromExtensionPage("verification.requestUser", { userId: BOB });
      assert.ok(started.ok, JSON.stringify(started));
      const popup = await openPopup(`#/flow/${started.value.flowId}`);
      try {
        await popup.raw.waitForSelector('[data-screen="flow"][data-step="requested"]', { timeout: 30_000 });
        await (await incoming).cancel();
        await popup.raw.waitForSelector('[data-screen="flow"][data-step="failed"] .action-error', { timeout: 30_000 });
        assert.match((await text(popup, '[data-screen="flow"] .action-error')) ?? "", /other side cancelled/);
        await popup.raw.screenshot({ path: `${shots}cancelled-by-other-side.png` });
      } finally {
        await popup.close();
      }
    });

    // The hostile server invents a device for Alice. The inbox card offers no one-click way to trust
    // it, only the comparison screen; the server then swaps the device's key while the screen is
    // open, and the click on "every group matches" is refused, shown, and nothing is uploaded.
    test("own device: an invented device is offered only through the comparison screen; a key that changed is refused, nothing signed", async () => {
      const announce = () => {
        recordKeyChange(server.state, ALICE);
        wake(server.state);
      };
      server.hostile.lieInKeys(inventedDevice(ALICE, INVENTED, "Element Desktop (MacBook)"));
      announce();
      await waitFor("the invented device in the audit", async () => {
        const report = await extension.sendFromExtensionPage("audit.report", {});
        return (report.ok && report.value?.rooms.some((r: { findings: { kind: string; deviceId?: string }[] }) =>
          r.findings.some((f) => f.kind === "own-unverified-device" && f.deviceId === INVENTED))) || undefined;
      }, { timeoutMs: 30_000, intervalMs: 500 });
      const popup = await openPopup("#/");
      const card = `article.finding[data-finding-id*="${INVENTED}"]`;
      try {
        await popup.raw.waitForSelector(`${card} [data-action="verify-own-device"]`, { timeout: 30_000 });
        await popup.evaluate((c) => document.querySelector(c)?.scrollIntoView({ block: "center" }), card);
        // No button on the card signs anything: each one either opens a screen or acknowledges.
        const cardActions = await popup.evaluate((c) => [...document.querySelectorAll(`${c} button`)].map((b) => b.getAttribute("data-action")), card);
        assert.deepEqual(cardActions.sort(), ["acknowledge", "verify-own-device"]);
        await popup.raw.screenshot({ path: `${shots}own-device-card.png` });
        await popup.raw.click(`${card} [data-action="verify-own-device"]`);
        await popup.raw.waitForSelector('[data-screen="own-device"][data-state="unverified"] [data-action="cross-sign-compared"]', { timeout: 30_000 });
        const firstKey = attackerDevice(ALICE, INVENTED).signing.publicKey;
        const screen = await popup.evaluate(() => {
          const root = document.querySelector('[data-screen="own-device"]') as HTMLElement;
          const visible = (el: Element | null) => !!el && (el as HTMLElement).getBoundingClientRect().height > 0;
          const groups = [...root.querySelectorAll(".fingerprint .fp-group")].filter(visible).map((g) => g.textContent);
          const emoji = root.querySelector('[data-action="verify-own-device-emoji"]') as HTMLElement;
          return {
            text: root.innerText,
            groups,
            emojiBackground: getComputedStyle(emoji).backgroundColor,
            emojiVisible: visible(emoji),
          };
        }, undefined);
        assert.equal(screen.groups.join(""), firstKey, "the fingerprint shown, group by group, is the device's");
        assert.ok(screen.groups.length >= 10 && screen.groups.every((g) => (g ?? "").length <= 4), "in groups of four");
        assert.match(screen.text, /Element Desktop \(MacBook\)/);
        assert.match(screen.text, /Settings → Sessions/, "where the device shows its own key");
        assert.match(screen.text, /do not recognise[^.]*sign it out[^.]*or reset your digital identity/i);
        assert.ok(screen.emojiVisible && !/rgba\(0, 0, 0, 0\)|transparent/.test(screen.emojiBackground), "emoji verification is the filled button");
        await popup.raw.screenshot({ path: `${shots}own-device-compare.png` });

        // While the user compares, the server drops the device and lists it again under another key
        // (the crypto keeps a device ID's first keys, so a swap goes through a removal).
        server.hostile.clear();
        server.hostile.lieInKeys(droppedDevice(ALICE, INVENTED));
        announce();
        await waitFor("the extension sees the device gone", async () => {
          const now = await extension.sendFromExtensionPage("device.fingerprint", { userId: ALICE, deviceId: INVENTED });
          return (!now.ok && now.error.code === "unknown-device") || undefined;
        }, { timeoutMs: 30_000, intervalMs: 500 });
        server.hostile.clear();
        server.hostile.lieInKeys(inventedDevice(ALICE, INVENTED, "Element Desktop (MacBook)", "swapped"));
        announce();
        const swappedKey = attackerDevice(ALICE, INVENTED, "swapped").signing.publicKey;
        await waitFor("the extension sees the swapped key", async () => {
          const now = await extension.sendFromExtensionPage("device.fingerprint", { userId: ALICE, deviceId: INVENTED });
          return (now.ok && now.value.ed25519 === swappedKey) || undefined;
        }, { timeoutMs: 30_000, intervalMs: 500 });
        const mark = server.exchanges.length;
        await popup.raw.click('[data-action="cross-sign-compared"]');
        await popup.raw.waitForSelector('[data-action-error="cross-sign-compared"]', { timeout: 30_000 });
        const refusal = await popup.evaluate(() => {
          const el = document.querySelector('[data-action-error="cross-sign-compared"]') as HTMLElement;
          const box = el.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + 2, box.top + box.height / 2);
          return { text: el.innerText, shown: box.height > 0 && box.width > 0 && !!hit && el.contains(hit) };
        }, undefined);
        assert.ok(refusal.shown, "the refusal is on screen");
        assert.match(refusal.text, /not the one you compared, so nothing was signed/);
        await popup.raw.screenshot({ path: `${shots}own-device-refused.png` });
        assert.deepEqual(server.exchanges.slice(mark).filter((e) => e.path.endsWith("/keys/signatures/upload")), [], "nothing uploaded");
        const after = await extension.sendFromExtensionPage("device.fingerprint", { userId: ALICE, deviceId: INVENTED });
        assert.ok(after.ok);
        assert.equal(after.value.crossSigningVerified, false);
        assert.equal(after.value.localVerified, false);
      } finally {
        await popup.close();
        server.hostile.clear();
        announce();
      }
    });

    test("identity change: accepting Carol's new identity clears needsUserApproval", async () => {
      const before = await extension.sendFromExtensionPage("identity.get", { userId: CAROL });
      assert.ok(before.ok, JSON.stringify(before));
      assert.equal(before.value.known, true);
      assert.equal(before.value.needsUserApproval, false);
      await server.applyStep("carol-resets");
      const changed = await waitFor("the extension sees Carol's new identity", async () => {
        const answer = await extension.sendFromExtensionPage("identity.get", { userId: CAROL });
        return answer.ok && answer.value.needsUserApproval ? answer.value : undefined;
      }, { timeoutMs: 30_000, intervalMs: 500 });
      assert.notEqual(changed.masterKey, before.value.masterKey);
      const popup = await openPopup(`#/identity-change/${encodeURIComponent(CAROL)}`);
      try {
        await popup.raw.waitForSelector('[data-screen="identity-change"][data-state="changed"] [data-action="pin"]', { timeout: 30_000 });
        assert.equal(await popup.evaluate(() => document.querySelector(".fingerprint")?.getAttribute("data-fingerprint"), undefined), changed.masterKey);
        // The safe action is the filled one, first; accepting is a plain button below, with its meaning.
        const buttons = await popup.evaluate(() => {
          const look = (selector: string) => {
            const el = document.querySelector(selector) as HTMLElement;
            return { top: el.getBoundingClientRect().top, background: getComputedStyle(el).backgroundColor, text: el.innerText };
          };
          return { verify: look('[data-screen="identity-change"] [data-action="verify-user"]'), accept: look('[data-action="pin"]'),
            acceptHelp: (document.querySelector('[data-option="accept"]') as HTMLElement).innerText };
        }, undefined);
        assert.equal(buttons.verify.text, "Verify");
        assert.ok(!/rgba\(0, 0, 0, 0\)|transparent/.test(buttons.verify.background), `Verify is filled (${buttons.verify.background})`);
        assert.notEqual(buttons.accept.background, buttons.verify.background, "Accept is not the filled button");
        assert.ok(buttons.verify.top < buttons.accept.top, "Verify comes first");
        assert.match(buttons.acceptHelp, /without checking it/);
        await popup.raw.screenshot({ path: `${shots}identity-change.png` });
        await popup.raw.click('[data-action="pin"]');
        await popup.raw.waitForSelector('[data-screen="identity-change"][data-state="settled"]', { timeout: 30_000 });
        await popup.raw.screenshot({ path: `${shots}identity-change-accepted.png` });
      } finally {
        await popup.close();
      }
      const after = await extension.sendFromExtensionPage("identity.get", { userId: CAROL });
      assert.ok(after.ok);
      assert.equal(after.value.needsUserApproval, false);
      assert.equal(after.value.masterKey, changed.masterKey);
    });

    test("verification violation: after verified Bob's identity changes, withdrawing the verification settles it", async () => {
      const before = await extension.sendFromExtensionPage("identity.get", { userId: BOB });
      assert.ok(before.ok && before.value.verified, "Bob was verified by the emoji test");
      await server.applyStep("bob-resets");
      await waitFor("the extension sees the violation", async () => {
        const answer = await extension.sendFromExtensionPage("identity.get", { userId: BOB });
        return answer.ok && answer.value.wasVerified && !answer.value.verified ? true : undefined;
      }, { timeoutMs: 30_000, intervalMs: 500 });
      const popup = await openPopup(`#/identity-change/${encodeURIComponent(BOB)}`);
      try {
        await popup.raw.waitForSelector('[data-screen="identity-change"][data-state="violation"] [data-action="withdraw"]', { timeout: 30_000 });
        await popup.raw.screenshot({ path: `${shots}verification-violation.png` });
        await popup.raw.click('[data-action="withdraw"]');
        await popup.raw.waitForSelector('[data-screen="identity-change"][data-state="settled"]', { timeout: 30_000 });
      } finally {
        await popup.close();
      }
      const after = await extension.sendFromExtensionPage("identity.get", { userId: BOB });
      assert.ok(after.ok);
      assert.equal(after.value.wasVerified, false);
      assert.equal(after.value.needsUserApproval, false);
    });

    test("set-up: a new account gets an identity; the recovery key is shown once and works on another device", async () => {
      await signOutExtension();
      await signInExtension(DAVE);
      const popup = await openPopup("#/identity");
      try {
        await popup.raw.waitForSelector('[data-panel="setup"] [data-action="begin-setup"]', { timeout: 30_000 });
        await popup.raw.click('[data-panel="setup"] [data-action="begin-setup"]');
        await popup.raw.waitForSelector("[data-recovery-key]");
        const shown = (await popup.evaluate(
          () => [...document.querySelectorAll("[data-recovery-key] code")].map((c) => c.textContent).join(" "),
          undefined,
        )) as string;
        assert.match(shown, /^(\w{4} ){11}\w{4}$/);
        assert.equal(
          await popup.evaluate(() => (document.querySelector('[data-action="finish-setup"]') as HTMLButtonElement).disabled, undefined),
          true,
          "finishing waits for 'I saved my recovery key'",
        );
        await popup.raw.screenshot({ path: `${shots}recovery-key.png` });
        await popup.raw.click('input[name="saved"]');
        await popup.raw.click('[data-action="finish-setup"]');
        await popup.raw.waitForSelector('[data-session-verified="true"]', { timeout: 30_000 });
        const status = await extension.sendFromExtensionPage("verification.status", {});
        assert.ok(status.ok);
        assert.equal(status.value.ready, true);
        assert.equal(status.value.recoveryReady, true);
        // The key the popup showed opens the identity on another device.
        const other = await nodeSession(DAVE, "dave-laptop", false);
        await verifySessionWithRecoveryKey(other.client, other.broker, shown);
        daveKey = shown;
      } finally {
        await popup.close();
      }
    });

    test("reset: warned, confirmed twice; a refused password changes nothing; the right one replaces the identity", async () => {
      assert.ok(daveKey, "runs after the set-up test");
      const popup = await openPopup("#/identity");
      try {
        await popup.raw.waitForSelector('[data-action="open-reset"]', { timeout: 30_000 });
        await popup.raw.click('[data-action="open-reset"]');
        await popup.raw.waitForSelector('[data-panel="reset"] [role="alert"]');
        assert.match((await text(popup, '[data-panel="reset"] [role="alert"]')) ?? "", /Everyone who verified you will see a warning/);
        await popup.raw.screenshot({ path: `${shots}reset-warning.png` });
        await popup.raw.click('[data-action="begin-reset"]');
        await popup.raw.waitForSelector("[data-recovery-key]");
        const newKey = (await popup.evaluate(
          () => [...document.querySelectorAll("[data-recovery-key] code")].map((c) => c.textContent).join(" "),
          undefined,
        )) as string;
        await popup.raw.click('input[name="saved"]');
        const disabled = () => popup.evaluate(() => (document.querySelector('[data-action="finish-setup"]') as HTMLButtonElement).disabled, undefined);
        assert.equal(await disabled(), true, "a reset also needs the warned confirmation");
        await popup.raw.click('input[name="understood"]');
        assert.equal(await disabled(), false);
        await popup.raw.type('input[name="password"]', "not-daves-password");
        await popup.raw.click('[data-action="finish-setup"]');
        await popup.raw.waitForSelector('[data-action-error="finish-setup"]', { timeout: 30_000 });
        assert.match((await text(popup, '[data-action-error="finish-setup"]')) ?? "", /refused that password/);
        await popup.raw.screenshot({ path: `${shots}reset-wrong-password.png` });
        // Nothing changed: the old recovery key still opens the identity on a new device.
        const check = await nodeSession(DAVE, "dave-check", false);
        await verifySessionWithRecoveryKey(check.client, check.broker, daveKey);

        await popup.raw.type('input[name="password"]', account(DAVE).password);
        await popup.raw.click('[data-action="finish-setup"]');
        await popup.raw.waitForSelector('[data-session-verified="true"]', { timeout: 30_000 });
        const later = await nodeSession(DAVE, "dave-after-reset", false);
        await assert.rejects(verifySessionWithRecoveryKey(later.client, later.broker, daveKey), /does not match/);
        await verifySessionWithRecoveryKey(later.client, later.broker, newKey);
      } finally {
        await popup.close();
      }
    });

    test("another of my devices verifies this session by emoji", async () => {
      await signOutExtension();
      await signInExtension(ALICE);
      const phone = await nodeSession(ALICE, "alice-phone");
      const incoming = nextIncomingRequest(phone.client);
      const popup = await openPopup("#/identity");
      try {
        await popup.raw.waitForSelector('[data-action="verify-this-session"]', { timeout: 30_000 });
        await popup.raw.click('[data-action="verify-this-session"]');
        const phoneSasShown = acceptAndAwaitSas(await incoming);
        // A new session may offer its QR code first (then we choose emoji), or go straight to emoji.
        const step = await waitFor("the flow ready or comparing", () =>
          popup.evaluate(() => {
            const step = document.querySelector<HTMLElement>('[data-screen="flow"]')?.dataset.step;
            return step === "ready" && document.querySelector('[data-action="flow-start"]') ? "ready" : step === "comparing" ? step : undefined;
          }, undefined),
        );
        if (step === "ready") {
          await popup.raw.screenshot({ path: `${shots}own-device-ready.png` });
          await popup.raw.click('[data-action="flow-start"]');
        }
        const phoneSas = await phoneSasShown;
        const shown = await emojiOnScreen(popup);
        assert.deepEqual(shown, phoneSas.sas.emoji);
        await popup.raw.click('[data-action="flow-confirm"]');
        await phoneSas.confirm();
        await popup.raw.waitForSelector('[data-screen="flow"][data-step="done"]', { timeout: 30_000 });
      } finally {
        await popup.close();
      }
      await waitFor("this session verified", async () => {
        const status = await extension.sendFromExtensionPage("verification.status", {});
        return status.ok && status.value.thisSessionVerified ? true : undefined;
      }, { timeoutMs: 30_000, intervalMs: 500 });
    });
  });
}
