// `npm run audit` as a user runs it, against the test homeserver: exit 0 / 1 / 2, what it prints,
// and that it deletes its own device when done.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startHomeserver, type Homeserver, type Scenario } from "../../homeserver/index.ts";
import type { AuditReport } from "../../../src/core/verdicts.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const ME = "@me:localhost";

const SCENARIO: Scenario = {
  name: "audit-cli",
  serverName: "localhost",
  users: [
    { id: ME, password: "me-password", secretStorage: true, devices: [{ id: "MEPHONE" }], verified: ["@bob:localhost", "@carol:localhost"] },
    { id: "@bob:localhost", password: "pw", devices: [{ id: "B1" }] },
    { id: "@carol:localhost", password: "pw", devices: [{ id: "C1" }, { id: "C2", signedByOwner: false }] },
  ],
  rooms: [
    { id: "!clean:localhost", name: "Clean", encrypted: true, creator: ME, members: ["@bob:localhost"] },
    { id: "!risky:localhost", name: "Risky", encrypted: true, creator: ME, members: ["@carol:localhost"] },
  ],
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command line as a child process (asynchronously: the homeserver lives in this process). */
function audit(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "./src/cli/register.mjs", "src/cli/audit.ts", ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run audit", () => {
  let hs: Homeserver;
  let recoveryKey: string;
  const login = () => ["--homeserver", hs.url, "--user", ME, "--password", "me-password"];
  const cliDevices = () => [...hs.state.users.get(ME)!.devices.values()].filter((d) => d.displayName === "Matrix Trust Auditor (command line)");

  before(async () => {
    hs = await startHomeserver({ scenario: SCENARIO });
    recoveryKey = hs.accounts.find((a) => a.userId === ME)!.recoveryKey!;
  });
  after(async () => {
    await hs?.stop();
  });

  it("exits 0 for a room without warnings, with the recovery key, and deletes its device", async () => {
    const run = await audit([...login(), "--recovery-key", recoveryKey, "--room", "!clean:localhost", "--format", "json"]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as AuditReport;
    assert.equal(report.account.ownIdentityTrusted, true);
    assert.deepEqual(report.rooms.map((r) => [r.roomId, r.shield]), [["!clean:localhost", "verified"]]);
    assert.equal(report.rooms[0]!.members.find((m) => m.userId === "@bob:localhost")!.verdict, "verified");
    assert.deepEqual(cliDevices(), []);
  });

  it("exits 1 when a room has a critical finding", async () => {
    const run = await audit([...login(), "--recovery-key", recoveryKey, "--room", "!risky:localhost"]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^ {2}\[CRITICAL\] @carol:localhost has a device they did not sign — you verified them \(@carol:localhost \/ C2\)$/m);
    assert.match(run.stdout, /Shield: Trust broken/);
  });

  it("without a recovery key says why others' trust cannot be established", async () => {
    const run = await audit([...login(), "--room", "!clean:localhost", "--format", "markdown"]);
    assert.equal(run.code, 1, run.stderr); // the account's other device cannot be confirmed
    assert.match(run.stderr, /No recovery key was given/);
    assert.match(run.stdout, /^# Matrix trust audit$/m);
    assert.match(run.stdout, /^\| @bob:localhost \| [^|]* \| Not verified \|/m);
  });

  it("exits 2 with a clear message on errors", async () => {
    const cases: [string[], RegExp][] = [
      [["--user", ME], /--homeserver is required/],
      [[...login().slice(0, 4), "--password", "wrong"], /Could not sign in .* as @me:localhost/],
      [[...login(), "--recovery-key", "EsTt DXr3 hCGT AYri Hz7j Pd5o 397c jcrb xek4 RgJ5 GKHY VYK8"], /recovery key is not valid|does not match/],
      [[...login(), "--room", "!nowhere:localhost"], /Not a joined room of @me:localhost: !nowhere:localhost/],
      [["--homeserver", "http://127.0.0.1:9", "--user", ME, "--password", "p"], /Could not sign in to http:\/\/127.0.0.1:9/],
    ];
    for (const [args, message] of cases) {
      const run = await audit(args);
      assert.equal(run.code, 2, `${args.join(" ")}\n${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, "");
    }
    assert.deepEqual(cliDevices(), []); // signed out even when the audit failed
  });
});
