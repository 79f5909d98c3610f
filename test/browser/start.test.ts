/**
 * `npm start -- --headless` (and with `--firefox`) as a new user runs it: the real build, the test
 * homeserver's demo scenario, the extension signed in inside a real headless browser, the live change.
 * It must exit 0, leave the three screenshots, and print an audit table naming the demo's findings.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { POPUP_SIZE } from "../tools/demo/browser.ts";
import { PAGE_SIZE, screenshotFile, type BrowserName } from "../tools/demo/screenshots.ts";
import { STORE_FILES, STORE_SIZE } from "../tools/demo/store-shots.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
/** Bounds a run that hangs; the run's speed is not under test. */
const HANG_LIMIT_MS = 240_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runStart(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["test/tools/start.mjs", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const limit = setTimeout(() => child.kill("SIGINT"), HANG_LIMIT_MS);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Width and height from a PNG's IHDR chunk; fails on anything that is not a PNG. */
function pngSize(bytes: Buffer, file: string): { width: number; height: number } {
  assert.ok(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${file} is a PNG`);
  assert.equal(bytes.subarray(12, 16).toString("latin1"), "IHDR", `${file} starts with its header`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The line the CLI's table prints for a problem: "  [SEVERITY] title (@user / DEVICE)". */
function problemLine(severity: string, title: string, userId: string, deviceId?: string): RegExp {
  const who = deviceId ? `${userId} / ${deviceId}` : userId;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^  \\[${severity.toUpperCase()} *\\] ${escape(title)} \\(${escape(who)}\\)$`, "m");
}

/** Both moments' pictures, named for the browser that took them. */
const expectedShots = (browser: BrowserName) =>
  (["before", "after"] as const).flatMap((moment) => [
    { name: screenshotFile("overview", moment, browser), ...POPUP_SIZE },
    { name: screenshotFile("room", moment, browser), ...POPUP_SIZE },
    { name: screenshotFile("members", moment, browser), ...PAGE_SIZE },
  ]);

function headlessDemo(browserArgs: string[], label: string): void {
  test(`npm start -- ${[...browserArgs, "--headless"].join(" ")} exits 0, writes the pictures before and after the live change and prints the demo's problems (${label})`, async () => {
    const out = await mkdtemp(path.join(tmpdir(), "mta-start-test-"));
    try {
      const run = await runStart([...browserArgs, "--headless", `--out=${out}`]);
      const tail = `\n--- stdout ---\n${run.stdout.slice(-4000)}\n--- stderr ---\n${run.stderr.slice(-4000)}`;
      assert.equal(run.code, 0, `exit code${tail}`);

      const browser: BrowserName = browserArgs.includes("--firefox") ? "firefox" : "chromium";
      for (const shot of expectedShots(browser)) {
        const bytes = await readFile(path.join(out, shot.name));
        assert.deepEqual(pngSize(bytes, shot.name), { width: shot.width, height: shot.height }, `${shot.name} size`);
        // A blank page compresses to a few hundred bytes; text, badges and colour do not.
        assert.ok(bytes.length > 10_000, `${shot.name} has content (${bytes.length} bytes)`);
      }
      for (const shot of ["overview", "room", "members"] as const) {
        const [before, after] = await Promise.all((["before", "after"] as const).map((m) => readFile(path.join(out, screenshotFile(shot, m, browser)))));
        assert.ok(!before!.equals(after!), `${shot}: the picture after the live change differs from the one before`);
      }
      for (const name of STORE_FILES) {
        const bytes = await readFile(path.join(out, name));
        assert.deepEqual(pngSize(bytes, name), STORE_SIZE, `${name}: the stores' size`);
        assert.ok(bytes.length > 50_000, `${name} has the demo's picture on it (${bytes.length} bytes)`);
      }

      const table = run.stdout;
      assert.match(table, /^Matrix trust audit for @demo:localhost/m, `the table's title${tail}`);
      assert.match(table, /^Project Falcon {2}!/m, "Project Falcon is in the table");
      assert.match(table, /^ {2}- @alice:localhost \(Alice\): Verified,/m, "Alice shows as verified");
      assert.match(table, problemLine("critical", "Bob's digital identity changed — you had verified them", "@bob:localhost"), "Bob's verification violation");
      assert.match(table, problemLine("warning", "Carol's digital identity changed", "@carol:localhost"), "Carol's identity change");
      assert.match(table, problemLine("notice", "Dave has a device they did not sign", "@dave:localhost", "DAVETABLET"), "Dave's unsigned tablet");
      assert.match(table, problemLine("notice", "Erin has no digital identity", "@erin:localhost"), "Erin without a digital identity");
      assert.match(table, problemLine("critical", "Alice has a new device they did not sign — you verified them", "@alice:localhost", "ALICENEW"), "the live change: Alice's new device");
      assert.match(table, /^Public Lobby {2}!.*\n {2}Encrypted: no/m, "the lobby is not encrypted");
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
}

describe("npm start, headless", () => {
  headlessDemo([], "Chromium");
  headlessDemo(["--firefox"], "Firefox");
});
