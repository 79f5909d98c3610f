/**
 * Proof on disk (issue 14): the extension signs in, restores its identity with the recovery key (so the
 * private cross-signing keys are cached), receives a room key from a second real client (matrix-js-sdk
 * with Rust crypto in Node), and the browser is stopped. Every file of the profile folder is then
 * scanned (profile-scan.ts) for the access token, the private master key, the received room key and
 * the session's data key. Then the passphrase lock is turned on in a restarted browser, the browser is
 * stopped again, and the profile scanned again; and a new profile signed in with the passphrase from
 * the start is scanned the same way. Each scan also looks for a canary written into the extension's
 * IndexedDB just before the stop: a scan that cannot find it proves nothing, and fails.
 * The tables are printed; docs/security.md reports them.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startHomeserver, type Homeserver, type Scenario } from "../../homeserver/index.ts";
import { createTestClient, type TestClient } from "../../helpers/matrix-client.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "../harness/common.ts";
import { bytesNeedle, scanProfile, textNeedle, type Needle, type ScanResult } from "./profile-scan.ts";

const DEMO = "@demo:localhost";
const ALICE = "@alice:localhost";
const ROOM = "!secret-talk:localhost";
const PASSPHRASE = "correct horse battery staple";

function scenario(): Scenario {
  return {
    name: "at-rest",
    users: [
      { id: DEMO, password: "demo-password", displayName: "Demo", secretStorage: true },
      { id: ALICE, password: "alice-password", displayName: "Alice", crossSigning: false },
    ],
    rooms: [{ id: ROOM, name: "Secret talk", encrypted: true, creator: DEMO, members: [ALICE] }],
  };
}

export interface RestBrowser {
  name: "Chromium" | "Firefox";
  /** Starts the browser with the test build on this profile folder (kept between launches). */
  launch(profileDir: string): Promise<ExtensionUnderTest>;
}

/** Writes a canary value into an IndexedDB database of the extension's origin (the same storage as its data). */
function writeCanary(page: PageHandle, token: string, bytes: string): Promise<void> {
  return page.evaluate(
    ({ token, bytes }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("disk-scan-canary", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("canary");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction("canary", "readwrite");
          tx.objectStore("canary").put({ token, bytes }, `canary-${Date.now()}`);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { token, bytes },
  );
}

/** The unwrapped data key of a locked session, where the background keeps it (storage.session, memory only). */
function unlockedDataKey(page: PageHandle): Promise<string | null> {
  return page.evaluate(async () => {
    type SessionArea = { storage: { session: { get(key: string): Promise<Record<string, { key?: string } | undefined>> } } };
    const scope = globalThis as unknown as { browser?: SessionArea; chrome?: SessionArea };
    const held = await (scope.browser ?? scope.chrome)!.storage.session.get("unlockedDataKey");
    return held.unlockedDataKey?.key ?? null;
  }, undefined);
}

/** The session record's unwrapped data key (no lock), read from the extension's own database. */
function storedDataKey(page: PageHandle): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open("matrix-trust-auditor");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction("meta").objectStore("meta").get("session");
          request.onsuccess = () => {
            open.result.close();
            const key = (request.result as { dataKey?: { key?: string } } | undefined)?.dataKey?.key;
            resolve(typeof key === "string" ? key : null);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    undefined,
  );
}

function describeScan(title: string, scan: ScanResult, needles: Needle[]): string {
  const lines = [`${title}: ${scan.files} files, ${(scan.bytes / 1024 / 1024).toFixed(1)} MB, ${scan.snappyStreams} Snappy streams decoded`];
  for (const needle of needles) {
    const hits = scan.hits.filter((h) => h.needle === needle.name);
    lines.push(`  ${needle.name}: ${hits.length === 0 ? "not found" : hits.map((h) => `${h.form} ${h.where} in ${h.file}`).join("; ")}`);
  }
  return lines.join("\n");
}

const found = (scan: ScanResult, name: string): boolean => scan.hits.some((h) => h.needle === name);

export function atRestCases(browser: RestBrowser): void {
  describe(`secrets at rest in ${browser.name}: the profile's files`, () => {
    let hs: Homeserver;
    const profiles: string[] = [];
    let extension: ExtensionUnderTest | undefined;
    let alice: TestClient | undefined;
    /** The secrets of the first profile's session, and its data key. */
    let secrets: Needle[] = [];
    let dataKey: Needle;

    before(async () => {
      hs = await startHomeserver({ scenario: scenario(), record: true });
      alice = await createTestClient({ baseUrl: hs.url, userId: ALICE, password: "alice-password", deviceName: "Alice's phone" });
    });

    after(async () => {
      await extension?.close().catch(() => undefined);
      await alice?.stop();
      await hs?.stop();
      for (const dir of profiles) await rm(dir, { recursive: true, force: true });
    });

    async function newProfile(): Promise<string> {
      const dir = await mkdtemp(path.join(tmpdir(), `mta-at-rest-${browser.name.toLowerCase()}-`));
      profiles.push(dir);
      return dir;
    }

    async function launch(profile: string): Promise<ExtensionUnderTest> {
      // A test that failed half-way may have left its browser running on the profile.
      await extension?.close().catch(() => undefined);
      extension = await browser.launch(profile);
      return extension;
    }

    /**
     * Signs in (with a passphrase from the start, or not), restores the identity so the private
     * cross-signing keys are cached, and has Alice's real client send a room key to the new device.
     * Answers the needles of the access token, the private master key and the room key.
     */
    async function signInAndReceive(ext: ExtensionUnderTest, passphrase?: string): Promise<{ deviceId: string; needles: Needle[] }> {
      const account = hs.accounts.find((a) => a.userId === DEMO)!;
      const signedIn = await ext.sendFromExtensionPage("session.signIn", {
        homeserver: hs.url,
        user: DEMO,
        password: account.password,
        ...(passphrase ? { passphrase } : {}),
      });
      assert.ok(signedIn.ok, JSON.stringify(signedIn));
      const deviceId = signedIn.value.deviceId!;
      assert.equal(signedIn.value.protection, passphrase ? "passphrase" : "data-key");
      const recovered = await ext.sendFromExtensionPage("verification.recover", { recoveryKey: account.recoveryKey! });
      assert.ok(recovered.ok, JSON.stringify(recovered));
      await waitFor("the private master key cached by the extension's crypto", async () => {
        const status = await ext.sendFromExtensionPage("session.status", {});
        return status.ok && status.value.crossSigning?.privateKeysCachedLocally.masterKey === true;
      });

      // A second real client sends into the room: its Rust crypto shares a new room key with our device.
      const known = new Set((await alice!.crypto.exportRoomKeys()).map((k) => k.session_id));
      await alice!.crypto.forceDiscardSession(ROOM);
      await waitFor("Alice's client to know our new device", async () =>
        (await alice!.crypto.getUserDeviceInfo([DEMO], true)).get(DEMO)?.has(deviceId) === true, { timeoutMs: 60_000 });
      const ours = hs.state.users.get(DEMO)!.devices.get(deviceId)!;
      await alice!.client.sendTextMessage(ROOM, `the plan is in the usual place (${deviceId})`);
      const upTo = hs.state.pos;
      const sentToUs = hs.exchanges.some(
        (x) => x.method === "PUT" && x.path.includes("/sendToDevice/m.room.encrypted/") &&
          (x.requestBody as { messages?: Record<string, Record<string, unknown>> }).messages?.[DEMO]?.[deviceId] !== undefined,
      );
      assert.ok(sentToUs, "Alice's client sent our device the room key (encrypted to it)");
      // The server drops to-device messages once the device syncs past them, which it does only
      // after processing the answer that carried them (the Rust crypto stores the key then).
      await waitFor("our device to have processed the room key", async () => !ours.toDevice.some((e) => e.pos <= upTo), { timeoutMs: 60_000 });

      const exported = (await alice!.crypto.exportRoomKeys()).find((k) => k.room_id === ROOM && !known.has(k.session_id));
      assert.ok(exported, "Alice's client has the room's new session");
      const sessionKey = Buffer.from(exported.session_key, "base64");
      // Export format: version, 4-byte index, the 128-byte ratchet (the secret), then the signing key.
      const roomKey = bytesNeedle("room key", sessionKey.subarray(5, 133));
      // The same ratchet inside any base64 session key (export or m.room_key): bytes 6… are aligned alike.
      roomKey.forms.push({ label: "base64 session key", bytes: Buffer.from(sessionKey.subarray(6, 126).toString("base64")) });
      const token = [...hs.state.tokens].find(([, who]) => who.deviceId === deviceId)?.[0];
      assert.ok(token, "the server knows our token");
      const master = hs.privateCrossSigning(DEMO)?.master;
      assert.ok(master, "the scenario made a master key");
      return { deviceId, needles: [textNeedle("access token", token), bytesNeedle("private master key", master), roomKey] };
    }

    async function stopWithCanary(label: string): Promise<Needle[]> {
      const token = `canary_${label}_${randomBytes(12).toString("hex")}`;
      const bytes = randomBytes(32);
      const page = await extension!.openExtensionPage();
      await writeCanary(page, token, bytes.toString("base64"));
      await page.close();
      await extension!.close();
      extension = undefined;
      return [textNeedle("canary text", token), bytesNeedle("canary bytes", bytes)];
    }

    async function scan(title: string, profile: string, needles: Needle[], canaries: Needle[]): Promise<ScanResult> {
      const all = [...needles, ...canaries];
      const result = await scanProfile(profile, all);
      console.log(describeScan(`${browser.name}, ${title}`, result, all));
      for (const canary of canaries) assert.ok(found(result, canary.name), `the scan sees the extension's IndexedDB (${canary.name})`);
      return result;
    }

    test("default mode (no passphrase): signed in, identity restored, a room key received, browser stopped", async () => {
      const profile = await newProfile();
      const ext = await launch(profile);
      ({ needles: secrets } = await signInAndReceive(ext));
      const page = await ext.openExtensionPage();
      const key = await storedDataKey(page);
      await page.close();
      assert.ok(key, "without a lock, the data key is in the session record");
      dataKey = bytesNeedle("data key", Buffer.from(key, "base64"));

      const result = await scan("default mode", profile, [...secrets, dataKey], await stopWithCanary("default"));
      assert.ok(found(result, "data key"), "the default mode keeps the data key in the profile (and says so)");
      for (const secret of secrets) assert.ok(!found(result, secret.name), `${secret.name} is not in the profile in any searched form`);
    });

    test("the lock turned on (after a browser restart), the browser stopped: none of them is in the profile", async () => {
      const ext = await launch(profiles[0]!);
      const resumed = await ext.sendFromExtensionPage("session.status", {});
      assert.ok(resumed.ok && resumed.value.signedIn && resumed.value.locked === false, JSON.stringify(resumed));
      const locked = await ext.sendFromExtensionPage("session.setPassphrase", { passphrase: PASSPHRASE });
      assert.ok(locked.ok && locked.value.protection === "passphrase", JSON.stringify(locked));

      const result = await scan("lock turned on later", profiles[0]!, [...secrets, dataKey], await stopWithCanary("locked"));
      for (const secret of secrets) assert.ok(!found(result, secret.name), `${secret.name} is not in the profile in any searched form`);
      // Reported, not asserted: whether the browser's files still hold the key written before the lock (the popup says they may).
      console.log(`${browser.name}: the data key written before the lock ${found(result, "data key") ? "is still" : "is no longer"} in the profile's files`);
    });

    test("after the browser restarts it is locked: a wrong passphrase is refused, the right one unlocks", async () => {
      const ext = await launch(profiles[0]!);
      const status = await ext.sendFromExtensionPage("session.status", {});
      assert.ok(status.ok && status.value.locked === true && status.value.userId === DEMO, JSON.stringify(status));
      const wrong = await ext.sendFromExtensionPage("session.unlock", { passphrase: "not it at all" });
      assert.ok(!wrong.ok && wrong.error.code === "wrong-passphrase", JSON.stringify(wrong));
      const unlocked = await ext.sendFromExtensionPage("session.unlock", { passphrase: PASSPHRASE });
      assert.ok(unlocked.ok && unlocked.value.locked === false, JSON.stringify(unlocked));
      await waitFor("the crypto open again after the unlock", async () => {
        const now = await ext.sendFromExtensionPage("session.status", {});
        return now.ok && now.value.cryptoReady === true && now.value.sync?.state === "syncing";
      }, { timeoutMs: 60_000 });
      // Signed out (records kept) so the next profile's session is the account's only one of ours.
      assert.ok((await ext.sendFromExtensionPage("session.signOut", {})).ok);
      await ext.close();
      extension = undefined;
    });

    test("signed in with the passphrase from the start: not even the data key is in the profile", async () => {
      const profile = await newProfile();
      const ext = await launch(profile);
      const { needles } = await signInAndReceive(ext, PASSPHRASE);
      const page = await ext.openExtensionPage();
      const key = await unlockedDataKey(page);
      await page.close();
      assert.ok(key, "the unlocked key is in storage.session while the browser runs");
      const memoryKey = bytesNeedle("data key", Buffer.from(key, "base64"));

      const result = await scan("locked from sign-in", profile, [...needles, memoryKey], await stopWithCanary("from-sign-in"));
      for (const secret of [...needles, memoryKey]) assert.ok(!found(result, secret.name), `${secret.name} is not in the profile in any searched form`);
    });
  });
}
