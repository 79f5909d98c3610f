// The state directory when something is wrong with it: missing, corrupted, read-only, locked by
// another run. Each is a clear message and exit status 2, and the records on disk stay as they were.
// A lock left by a run that no longer exists is taken over.
import "fake-indexeddb/auto";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { openAuditorDB } from "../../../src/store/db.ts";
import { dumpDatabase } from "../../../src/store/dump.ts";
import { listFindings, recordFindings } from "../../../src/store/findings.ts";
import { DB_VERSION } from "../../../src/store/db.ts";
import { stateFileName } from "../../../src/cli/state-dir.ts";
import { runCli } from "./run-cli.ts";

const ME = "@me:localhost";
const FINDING = {
  id: '["unsigned-device","!r:localhost","@bob:localhost","B2","key"]',
  kind: "unsigned-device" as const,
  severity: "notice" as const,
  roomId: "!r:localhost",
  userId: "@bob:localhost",
  deviceId: "B2",
  ed25519: "key",
};

/** A state file as a run would have written it, holding one finding. */
async function validState(): Promise<string> {
  const db = await openAuditorDB(`seed-${Math.random()}`);
  await recordFindings(db, ME, [FINDING], { now: 1000 });
  const text = JSON.stringify(await dumpDatabase(db)) + "\n";
  db.close();
  return text;
}

describe("state directory problems", () => {
  let root: string;
  let seed: string;
  /** An audit that would fail at the network if it got that far (nothing listens on port 9). */
  const audit = (stateDir: string, extraEnv: Record<string, string | undefined> = {}, options: { uid?: number; gid?: number } = {}) =>
    runCli(["--user", ME, "--homeserver", "http://127.0.0.1:9", ...(stateDir ? ["--state-dir", stateDir] : [])], {
      env: { MATRIX_PASSWORD: "unused", MATRIX_RECOVERY_KEY: undefined, ...extraEnv },
      ...options,
    });
  const dirWith = (name: string, content: string | null): { dir: string; file: string } => {
    const dir = join(root, name);
    mkdirSync(dir);
    const file = join(dir, stateFileName(ME));
    if (content !== null) writeFileSync(file, content, { mode: 0o600 });
    return { dir, file };
  };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "mta-statedir-"));
    chmodSync(root, 0o755);
    seed = await validState();
  });
  after(() => {
    if (root) {
      spawnSync("chmod", ["-R", "u+w", root]);
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("missing: an explicit --state-dir must exist, and is not created", async () => {
    const dir = join(root, "missing");
    const run = await audit(dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /The state directory .*missing does not exist\. Create it \(mkdir -p .*\) or choose another with --state-dir\./);
    assert.equal(run.stdout, "");
    assert.equal(existsSync(dir), false);
  });

  it("default: created under $XDG_STATE_HOME; a failed run writes no state", async () => {
    const xdg = join(root, "xdg");
    const run = await audit("", { XDG_STATE_HOME: xdg });
    assert.equal(run.code, 2, run.stderr);
    // Nothing listens there: the extension's words for an unreachable server.
    assert.match(run.stderr, /The homeserver at http:\/\/127\.0\.0\.1:9 did not answer\. Check your connection and the address, or try again later\./);
    assert.equal(existsSync(join(xdg, "matrix-trust-auditor")), true);
    assert.equal(existsSync(join(xdg, "matrix-trust-auditor", stateFileName(ME))), false);
    assert.equal(existsSync(join(xdg, "matrix-trust-auditor", `${stateFileName(ME)}.lock`)), false, "lock released");
  });

  it("a failed run leaves existing records as they were", async () => {
    const { dir, file } = dirWith("kept", seed);
    const run = await audit(dir);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(readFileSync(file, "utf8"), seed);
  });

  it("corrupted: refused, nothing overwritten, the backup named", async () => {
    const cases: [string, string, RegExp][] = [
      ["truncated", seed.slice(0, Math.floor(seed.length / 2)), /cannot be read \(it is not valid JSON\)/],
      ["empty", "", /cannot be read \(the file is empty\)/],
      ["foreign", JSON.stringify({ hello: "world" }), /cannot be read \(not a records database: format is undefined\)/],
      ["bad-records", seed.replace(/"findings":\[\[/, '"findings":[["x",7],['), /cannot be read \(/],
    ];
    for (const [name, content, message] of cases) {
      const { dir, file } = dirWith(`corrupt-${name}`, content);
      writeFileSync(`${file}.bak`, seed);
      const run = await audit(dir);
      assert.equal(run.code, 2, `${name}: ${run.stderr}`);
      assert.match(run.stderr, message, name);
      assert.match(run.stderr, /Nothing was changed\. The state before the last run that wrote it is in .*\.bak\. To start again from a new baseline, move .* away/, name);
      assert.equal(readFileSync(file, "utf8"), content, `${name}: the file is untouched`);
      assert.equal(readFileSync(`${file}.bak`, "utf8"), seed, `${name}: the backup is untouched`);
      assert.equal(existsSync(`${file}.lock`), false, `${name}: lock released`);
    }
  });

  it("written by a newer version: refused with that reason", async () => {
    const newer = JSON.stringify({ ...JSON.parse(seed), schemaVersion: DB_VERSION + 1 });
    const { dir, file } = dirWith("newer", newer);
    const run = await audit(dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /was written by a newer version of Matrix Trust Auditor\. Update it; nothing was changed\./);
    assert.equal(readFileSync(file, "utf8"), newer);
  });

  it("read-only: refused before anything happens", async () => {
    const { dir, file } = dirWith("read-only", seed);
    chmodSync(file, 0o444);
    chmodSync(dir, 0o555);
    // root may write anywhere: the run is then made as "nobody", for whom the directory is read-only too.
    const asRoot = process.getuid?.() === 0;
    const run = await audit(dir, asRoot ? { HOME: tmpdir() } : {}, asRoot ? { uid: 65534, gid: 65534 } : {});
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /The state directory .*read-only cannot be written \(permission denied\)\. Nothing was changed; make it writable or choose another with --state-dir\./);
    assert.equal(readFileSync(file, "utf8"), seed);
  });

  it("locked by a running process: refused, the lock and the records left alone", async () => {
    const { dir, file } = dirWith("locked", seed);
    const lock = JSON.stringify({ pid: process.pid, host: hostname(), since: 1_700_000_000_000 });
    writeFileSync(`${file}.lock`, lock);
    const run = await audit(dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`Another run is using the state of @me:localhost in .*locked \\(process ${process.pid} on .*, since 2023-11-14T22:13:20\\.000Z\\)\\. Wait for it to finish\\. If no such run exists any more, delete .*\\.lock\\.`));
    assert.equal(readFileSync(`${file}.lock`, "utf8"), lock);
    assert.equal(readFileSync(file, "utf8"), seed);
  });

  it("a lock whose process has ended is taken over", async () => {
    const { dir, file } = dirWith("stale", seed);
    const ended = spawnSync(process.execPath, ["-e", "0"]);
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: ended.pid, host: hostname(), since: 1 }));
    const run = await runCli(["ack", "--user", ME, "--state-dir", dir, FINDING.id]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`taking over the lock of a run that ended without releasing it \\(process ${ended.pid}\\)`));
    assert.match(run.stderr, /Acknowledged 1 finding/);
    assert.equal(existsSync(`${file}.lock`), false);
    assert.equal(readFileSync(`${file}.bak`, "utf8"), seed, "the previous state is kept as the backup");
    // The acknowledgement is in the saved records, read back with the store's own code.
    const db = await (await import("../../../src/store/dump.ts")).loadDatabase(`check-${Math.random()}`, JSON.parse(readFileSync(file, "utf8")));
    const [record] = await listFindings(db, ME);
    db.close();
    assert.equal(record?.id, FINDING.id);
    assert.notEqual(record?.acknowledged, null);
  });

  it("ack without any state says to run an audit first", async () => {
    const { dir } = dirWith("empty", null);
    const run = await runCli(["ack", "--user", ME, "--state-dir", dir, "--all"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /There is no state of @me:localhost in .* yet: run an audit first\./);
  });
});
