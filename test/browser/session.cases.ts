/**
 * The session in a real browser, against the test homeserver: sign in through the popup's form,
 * see the status, survive a stopped background (same device, no new login), sign out (no device
 * left on the server, nothing of the account left in the extension's IndexedDB). Each failure of
 * the sign-in shows its message in the popup; malformed messages and a content script asking for
 * session data are refused. Wake-up timings are printed, not asserted.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { SessionStatus } from "../../src/protocol/messages.ts";
import { DB_NAME } from "../../src/store/db.ts";
import { startHomeserver, type Homeserver } from "../homeserver/index.ts";
import { closedPortUrl, failingLogin, startFakeServer, type FakeServer } from "../node/background/session/fake-server.ts";
import { grantedVariant, viaGrantedHost } from "./harness/granted-host.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";

const SHOTS = new URL("../../test-output/", import.meta.url).pathname;

/** What both harnesses' raw pages (Playwright and Puppeteer) can do alike. */
interface Clickable {
  click(selector: string): Promise<void>;
  type(selector: string, text: string): Promise<void>;
  screenshot(options: { path: string }): Promise<unknown>;
}

// The homeservers of these tests are reached as http://localhost:PORT, the one host the test-only
// manifest variant (harness/granted-host.ts) grants. The shipped manifest grants no host: the form asks at sign-in.
export interface SessionBrowser {
  name: "Chromium" | "Firefox";
  build: "chrome" | "firefox";
  deviceName: string;
  launch(extensionDir: string): Promise<ExtensionUnderTest>;
  /** Sends a message from our content script on a page of `origin` (when the harness can). */
  fromContentScript?: (extension: ExtensionUnderTest, origin: string, message: unknown) => Promise<unknown>;
}

async function status(extension: ExtensionUnderTest): Promise<SessionStatus> {
  const answer = await extension.sendFromExtensionPage("session.status", {});
  assert.ok(answer.ok, `session.status failed: ${JSON.stringify(answer)}`);
  return answer.value;
}

async function bootCount(extension: ExtensionUnderTest): Promise<number> {
  const answer = await extension.sendFromExtensionPage("ping", {});
  assert.ok(answer.ok);
  return answer.value.bootCount;
}

/** Everything in the extension's IndexedDB: database names and every value of every store, as JSON. */
function readAllIndexedDB(page: PageHandle): Promise<{ names: string[]; contents: string }> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? "").sort();
    const dump: Record<string, Record<string, unknown[]>> = {};
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      dump[name] = {};
      for (const store of [...db.objectStoreNames]) {
        dump[name][store] = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      db.close();
    }
    return { names, contents: JSON.stringify(dump) };
  }, undefined);
}

/** The session's refresh alarm as the browser holds it (asked from one of our pages), or null. */
function refreshAlarm(page: PageHandle): Promise<{ periodInMinutes?: number } | null> {
  return page.evaluate(async () => {
    type AlarmsApi = { alarms: { get(name: string): Promise<{ periodInMinutes?: number } | undefined> } };
    const scope = globalThis as unknown as { browser?: AlarmsApi; chrome?: AlarmsApi };
    const alarm = await (scope.browser ?? scope.chrome)!.alarms.get("session-refresh" /* SESSION_ALARM */);
    return alarm ? { periodInMinutes: alarm.periodInMinutes } : null;
  }, undefined);
}

async function fillSignIn(popup: PageHandle, fields: { homeserver: string; user?: string; password?: string }): Promise<void> {
  const raw = popup.raw as Clickable;
  await waitFor("the sign-in form", () => popup.evaluate(() => document.querySelector('[data-form="sign-in"]') !== null, undefined));
  await raw.type('input[name="homeserver"]', fields.homeserver);
  if (fields.user !== undefined) await raw.type('input[name="user"]', fields.user);
  if (fields.password !== undefined) await raw.type('input[name="password"]', fields.password);
}

/** Waits until the form has looked the homeserver up and the button can be pressed, then presses it. */
async function submitSignIn(popup: PageHandle): Promise<void> {
  await waitFor("the homeserver lookup and an enabled Sign in button", () =>
    popup.evaluate(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-action="sign-in"]');
      return button !== null && !button.disabled;
    }, undefined),
  );
  await (popup.raw as Clickable).click('[data-action="sign-in"]');
}

/** The error the form shows (under the homeserver field or under the form). */
function shownError(popup: PageHandle): Promise<{ code: string; text: string }> {
  return waitFor(
    "an error in the sign-in form",
    () =>
      popup.evaluate(() => {
        const el = document.querySelector<HTMLElement>('[data-form="sign-in"] [data-error-code]');
        return el ? { code: el.dataset.errorCode ?? "", text: el.textContent ?? "" } : undefined;
      }, undefined),
    { timeoutMs: 30_000 },
  );
}

export function sessionCases(browser: SessionBrowser): void {
  describe(`session in ${browser.name}`, () => {
    let hs: Homeserver;
    let extension: ExtensionUnderTest;
    let account: { userId: string; password: string };
    let signedIn: SessionStatus;
    let hsUrl: string;
    let extensionDir: string;
    const fakes: FakeServer[] = [];

    const serverDevices = () => [...(hs.state.users.get(account.userId)?.devices.keys() ?? [])].sort();

    before(async () => {
      await mkdir(SHOTS, { recursive: true });
      hs = await startHomeserver({ scenario: "demo" });
      hsUrl = viaGrantedHost(hs.url);
      account = hs.accounts.find((a) => a.userId === "@demo:localhost") ?? hs.accounts[0]!;
      extensionDir = await grantedVariant(browser.build);
      extension = await browser.launch(extensionDir);
    });

    after(async () => {
      await extension?.close();
      await hs?.stop();
      for (const fake of fakes) await fake.close();
      if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
    });

    /** Opens a fresh popup, tries one failing sign-in and returns what it shows. */
    async function failedSignIn(fields: { homeserver: string; user?: string; password?: string }, submit: boolean) {
      const popup = await extension.openPopup();
      try {
        await fillSignIn(popup, fields);
        if (submit) await submitSignIn(popup);
        return await shownError(popup);
      } finally {
        await popup.close();
      }
    }

    async function assertNothingStored(): Promise<void> {
      assert.equal((await status(extension)).signedIn, false);
      const page = await extension.openExtensionPage("popup.html");
      try {
        const { names, contents } = await readAllIndexedDB(page);
        assert.deepEqual(names, [DB_NAME], "no session stores were created");
        assert.ok(!contents.includes('"accessToken"'), "no credentials were stored");
      } finally {
        await page.close();
      }
    }

    test("a wrong password shows its message and stores nothing", async () => {
      const before = serverDevices();
      const error = await failedSignIn({ homeserver: hsUrl, user: account.userId, password: "not-the-password" }, true);
      assert.equal(error.code, "wrong-password");
      assert.match(error.text, /did not accept that user name and password/);
      assert.deepEqual(serverDevices(), before);
      await assertNothingStored();
    });

    test("an unknown server shows its message", async () => {
      const error = await failedSignIn({ homeserver: "no-such-homeserver.invalid", user: "demo", password: "x" }, false);
      assert.equal(error.code, "unknown-server");
      assert.match(error.text, /no-such-homeserver\.invalid/);
      await assertNothingStored();
    });

    test("a server that does not answer shows its message", async () => {
      const url = viaGrantedHost(await closedPortUrl());
      const error = await failedSignIn({ homeserver: url, user: "demo", password: "x" }, false);
      assert.equal(error.code, "server-unreachable");
      assert.match(error.text, /did not answer/);
      await assertNothingStored();
    });

    test("a server error (5xx) shows its message", async () => {
      const fake = await startFakeServer(failingLogin({ status: 503, body: "Service unavailable" }));
      fakes.push(fake);
      const error = await failedSignIn({ homeserver: viaGrantedHost(fake.url), user: "demo", password: "x" }, true);
      assert.equal(error.code, "server-error");
      assert.match(error.text, /HTTP 503/);
      await assertNothingStored();
    });

    test("a rate limit (429) shows its message with the wait", async () => {
      const fake = await startFakeServer(
        failingLogin({ status: 429, body: { errcode: "M_LIMIT_EXCEEDED", error: "Slow down", retry_after_ms: 12_000 } }),
      );
      fakes.push(fake);
      const error = await failedSignIn({ homeserver: viaGrantedHost(fake.url), user: "demo", password: "x" }, true);
      assert.equal(error.code, "rate-limited");
      assert.match(error.text, /try again in 12 seconds/);
      await assertNothingStored();
    });

    test("malformed session messages are refused as data", async () => {
      const cases: unknown[] = [
        { type: "session.signIn", payload: { homeserver: 42 } },
        { type: "session.signIn", payload: { homeserver: hsUrl, user: "demo", password: "x", extra: true } },
        { type: "session.signIn", payload: { homeserver: "x".repeat(5000) } },
        { type: "session.signOut", payload: { now: true } },
        { type: "session.status" },
      ];
      for (const message of cases) {
        const answer = (await extension.sendRawFromExtensionPage(message)) as { ok?: boolean; error?: { code?: string } };
        assert.deepEqual({ ok: answer.ok, code: answer.error?.code }, { ok: false, code: "bad-request" }, JSON.stringify(message));
      }
      assert.equal((await status(extension)).signedIn, false, "nothing happened");
    });

    test("signing in through the popup: a new named device, and the status shown", async () => {
      const before = serverDevices();
      const popup = await extension.openPopup();
      try {
        await fillSignIn(popup, { homeserver: hsUrl, user: "demo", password: account.password });
        await submitSignIn(popup);
        await waitFor(
          "the popup to show the signed-in app",
          () => popup.evaluate(() => document.querySelector<HTMLElement>(".app")?.dataset.signedIn === "true", undefined),
          { timeoutMs: 60_000 },
        ).catch(async (error) => {
          const text = await popup.evaluate(() => document.body.innerText, undefined);
          throw new Error(`${error.message}; the popup shows: ${text}`);
        });
        signedIn = await status(extension);
        assert.equal(signedIn.signedIn, true);
        assert.equal(signedIn.userId, account.userId);
        assert.equal(signedIn.cryptoReady, true);
        const added = serverDevices().filter((id) => !before.includes(id));
        assert.deepEqual(added, [signedIn.deviceId], "exactly one new device");
        assert.deepEqual(
          await waitFor("the refresh alarm", () => refreshAlarm(popup).then((alarm) => alarm ?? undefined)),
          { periodInMinutes: 5 },
          "signing in sets the alarm that keeps the audit fresh",
        );
        assert.equal(hs.state.users.get(account.userId)?.devices.get(signedIn.deviceId!)?.displayName, browser.deviceName);

        await popup.evaluate(() => (location.hash = "#/settings"), undefined);
        const shown = await waitFor("the session status in the popup", () =>
          popup.evaluate(() => {
            const section = document.querySelector("[data-session-status]");
            const field = (name: string) => section?.querySelector<HTMLElement>(`[data-field="${name}"]`);
            if (field("sync")?.dataset.syncState !== "syncing") return undefined;
            return {
              user: field("user")?.textContent,
              homeserver: field("homeserver")?.textContent,
              deviceId: field("device-id")?.textContent,
              ed25519: field("ed25519")?.querySelector<HTMLElement>("[data-fingerprint]")?.dataset.fingerprint,
              crypto: field("crypto")?.dataset.cryptoReady,
              crossSigning: field("cross-signing")?.dataset.ready,
            };
          }, undefined),
        );
        const live = await status(extension);
        assert.deepEqual(shown, {
          user: account.userId,
          homeserver: hsUrl,
          deviceId: signedIn.deviceId,
          ed25519: live.ed25519,
          crypto: "true",
          crossSigning: String(live.crossSigningReady === true),
        });
        const raw = popup.raw as Clickable & { setViewportSize?: (size: object) => Promise<void>; setViewport?: (size: object) => Promise<void> };
        if (raw.setViewportSize) await raw.setViewportSize({ width: 400, height: 600 });
        else await raw.setViewport?.({ width: 400, height: 600 });
        await raw.screenshot({ path: `${SHOTS}session-status-${browser.name.toLowerCase()}.png` });
      } finally {
        await popup.close();
      }
    });

    test("a stopped background wakes signed in: same device, no new login, crypto back", async (t) => {
      const devices = serverDevices();
      const tokens = hs.state.tokens.size;
      const bootsBefore = await bootCount(extension);

      await extension.stopBackground();
      const woke = performance.now();
      const first = await status(extension);
      const firstAnswerMs = performance.now() - woke;
      assert.equal(first.signedIn, true);
      assert.equal(first.deviceId, signedIn.deviceId);
      assert.equal(first.ed25519, signedIn.ed25519, "the fingerprint comes from stored state");

      const ready = await waitFor(
        "the crypto to be ready again",
        async () => {
          const now = await status(extension);
          return now.cryptoReady ? now : undefined;
        },
        { intervalMs: 20, timeoutMs: 60_000 },
      );
      const cryptoReadyMs = performance.now() - woke;
      assert.ok((await bootCount(extension)) > bootsBefore, "the background really restarted");
      assert.equal(ready.deviceId, signedIn.deviceId);
      assert.equal(ready.ed25519, signedIn.ed25519, "the same crypto store");
      await waitFor("a sync after waking", async () => (await status(extension)).sync?.state === "syncing");
      assert.deepEqual(serverDevices(), devices, "no second device on the server");
      assert.equal(hs.state.tokens.size, tokens, "no new login");
      // Measured inside the background from its start (an open popup may have woken it before this test asked).
      const inside = ready.wake;
      assert.ok(inside?.firstAnswerMs !== undefined && inside.cryptoReadyMs !== undefined, "the background reports its wake timings");
      const line =
        `${browser.name}: background start → first answer ${inside.firstAnswerMs} ms, → crypto ready ${inside.cryptoReadyMs} ms ` +
        `(seen from the test: ${firstAnswerMs.toFixed(0)} ms / ${cryptoReadyMs.toFixed(0)} ms)`;
      t.diagnostic(line);
      console.log(`[timing] ${line}`);
    });

    if (browser.fromContentScript) {
      test("a content script asking for session data is refused", async () => {
        const page = await startFakeServer(() => ({ status: 200, body: "<!doctype html><p>page</p>" }));
        fakes.push(page);
        const origin = page.url;
        for (const message of [
          { type: "session.status", payload: {} },
          { type: "session.signOut", payload: {} },
          { type: "session.resolveHomeserver", payload: { homeserver: hsUrl } },
        ]) {
          const answer = (await browser.fromContentScript!(extension, origin, message)) as { ok?: boolean; error?: { code?: string } };
          assert.deepEqual({ ok: answer.ok, code: answer.error?.code }, { ok: false, code: "forbidden" }, JSON.stringify(message));
        }
        assert.equal((await status(extension)).signedIn, true, "still signed in");
      });
    }

    test("signing out through the popup: no device on the server, nothing of the account in IndexedDB", async () => {
      const popup = await extension.openPopup();
      try {
        await popup.evaluate(() => (location.hash = "#/settings"), undefined);
        await waitFor("the sign-out button", () =>
          popup.evaluate(() => document.querySelector('[data-action="sign-out"]') !== null, undefined),
        );
        await (popup.raw as Clickable).click('[data-action="sign-out"]');
        await waitFor("the confirmation", () =>
          popup.evaluate(() => document.querySelector('[data-action="sign-out-confirm"]') !== null, undefined),
        );
        await (popup.raw as Clickable).click('[data-action="sign-out-confirm"]');
        await waitFor(
          "the sign-in form again",
          () => popup.evaluate(() => document.querySelector('[data-form="sign-in"]') !== null, undefined),
          { timeoutMs: 60_000 },
        ).catch(async (error) => {
          const text = await popup.evaluate(() => document.body.innerText, undefined);
          throw new Error(`${error.message}; the popup shows: ${text}`);
        });
      } finally {
        await popup.close();
      }
      assert.equal((await status(extension)).signedIn, false);
      assert.ok(!serverDevices().includes(signedIn.deviceId!), "the server has no device of ours left");
      const page = await extension.openExtensionPage("popup.html");
      try {
        const { names, contents } = await readAllIndexedDB(page);
        assert.deepEqual(names, [DB_NAME], "the crypto and sync stores are deleted");
        assert.ok(!contents.includes(account.userId), `no record mentions ${account.userId}`);
        assert.ok(!contents.includes(signedIn.deviceId!), "no record mentions the device");
        assert.equal(await waitFor("the alarm to go", async () => (await refreshAlarm(page)) === null), true, "no refresh alarm after sign-out");
      } finally {
        await page.close();
      }
    });
  });
}
