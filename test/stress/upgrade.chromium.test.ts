/**
 * Upgrading the extension keeps every record: an older build (built from git, STRESS_UPGRADE_FROM,
 * default the first commit with the audit wired in the background) signed in and audited in a Chromium profile;
 * then this build (with a higher version) loaded over it from the same folder, into the same
 * profile. The session is the same device, acknowledgements, settings and history are all there,
 * and the audit runs again. Part of `npm run test:stress` (it builds an old commit: slow).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AuditReport } from "../../src/core/verdicts.ts";
import type { Homeserver } from "../homeserver/index.ts";
import { launchChromium, type ChromiumExtension } from "../browser/harness/chromium.ts";
import { testBuildDir } from "../browser/harness/common.ts";
import { currentReport, demoAccount, signInAndAudit, startPopupHomeserver, waitForReport } from "../browser/popup.setup.ts";

// The first build whose background answered the audit messages (handlers wired).
const FROM = process.env.STRESS_UPGRADE_FROM ?? "076828c";
const repo = path.resolve(new URL("../..", import.meta.url).pathname);
const openIds = (r: AuditReport): string[] => r.rooms.flatMap((room) => room.findings.filter((f) => !f.acknowledged).map((f) => f.id)).sort();

describe(`upgrading from ${FROM} to this build keeps every record`, () => {
  let work: string;
  let server: Homeserver;
  let extension: ChromiumExtension | undefined;
  const before_ = {} as { deviceId: string; acknowledged: string; history: number; devices: string[]; report: AuditReport };

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "mta-upgrade-"));
    const old = path.join(work, "old");
    execFileSync("sh", ["-c", `mkdir -p "${old}" && git -C "${repo}" archive ${FROM} | tar -x -C "${old}"`]);
    await symlink(path.join(repo, "node_modules"), path.join(old, "node_modules"));
    execFileSync(process.execPath, ["build.mjs", "--test-origins=http://127.0.0.1/*"], { cwd: old, stdio: "ignore" });
    await cp(path.join(old, "dist-test", "chrome"), path.join(work, "extension"), { recursive: true });
    server = await startPopupHomeserver();
  });

  after(async () => {
    await extension?.close();
    await server?.stop();
    await rm(work, { recursive: true, force: true });
  });

  test("the old build: signed in, audited, an acknowledgement, a setting", async () => {
    extension = await launchChromium({ extensionDir: path.join(work, "extension"), userDataDir: path.join(work, "profile") });
    await signInAndAudit(extension, server, server.scenario.rooms!.length);
    const report = await currentReport(extension);
    const target = report.rooms.flatMap((r) => r.findings).find((f) => !f.acknowledged)!;
    const acknowledged = await extension.sendFromExtensionPage("audit.acknowledge", { findingIds: [target.id] });
    assert.ok(acknowledged.ok, JSON.stringify(acknowledged));
    before_.report = await waitForReport(extension, "the acknowledged report", (r) => !openIds(r).includes(target.id));
    before_.acknowledged = target.id;
    assert.ok((await extension.sendFromExtensionPage("settings.set", { historyRetentionDays: 77 })).ok);
    const status = await extension.sendFromExtensionPage("session.status", {});
    assert.ok(status.ok && status.value.deviceId);
    before_.deviceId = status.value.deviceId!;
    const history = await extension.sendFromExtensionPage("history.list", { limit: 1000 });
    assert.ok(history.ok);
    before_.history = history.value.entries.length;
    before_.devices = [...server.state.users.get(demoAccount(server).userId)!.devices.keys()].sort();
    await extension.close();
    extension = undefined;
  });

  test("this build over the same folder and profile: same session, every record kept, the audit runs", async () => {
    const folder = path.join(work, "extension");
    await rm(folder, { recursive: true, force: true });
    await cp(testBuildDir("chrome"), folder, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(folder, "manifest.json"), "utf8")) as { version: string };
    manifest.version = manifest.version.replace(/\d+$/, (n) => String(Number(n) + 1));
    await writeFile(path.join(folder, "manifest.json"), JSON.stringify(manifest, null, 2));

    extension = await launchChromium({ extensionDir: folder, userDataDir: path.join(work, "profile") });
    const page = await extension.openExtensionPage();
    const running = await page.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): { version: string } } } }).chrome.runtime.getManifest().version, undefined);
    await page.close();
    assert.equal(running, manifest.version, "the new build is the one running");
    const status = await extension.sendFromExtensionPage("session.status", {});
    assert.ok(status.ok && status.value.signedIn, JSON.stringify(status));
    assert.equal(status.value.deviceId, before_.deviceId, "the same device: no new sign-in");
    const first = await extension.sendFromExtensionPage("audit.report", {});
    assert.ok(first.ok && first.value, "the stored report at once");
    assert.ok(!openIds(first.value).includes(before_.acknowledged), "the acknowledgement is kept");
    const settings = await extension.sendFromExtensionPage("settings.get", {});
    assert.ok(settings.ok && settings.value.historyRetentionDays === 77, JSON.stringify(settings));
    const history = await extension.sendFromExtensionPage("history.list", { limit: 1000 });
    assert.ok(history.ok && history.value.entries.length >= before_.history, `history kept: ${history.ok && history.value.entries.length} of ${before_.history}`);
    const live = await waitForReport(extension, "a live audit by the new build", (r) => r.generatedAt > before_.report.generatedAt, 120_000);
    assert.ok(!openIds(live).includes(before_.acknowledged));
    assert.deepEqual(live.rooms.map((r) => r.roomId).sort(), before_.report.rooms.map((r) => r.roomId).sort());
    assert.deepEqual([...server.state.users.get(demoAccount(server).userId)!.devices.keys()].sort(), before_.devices, "no device created");
  });
});
