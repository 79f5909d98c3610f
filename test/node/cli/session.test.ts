// `matrix-trust-auditor` as a user runs it against the test homeserver: exit 0 / 1 / 2, the report
// alone on standard output (JSON through `npx` parses), the homeserver found as the extension finds
// it and its failures in the extension's words, the temporary device cross-signed while it exists
// and deleted at the end, and the secrets typed at a prompt that does not echo them.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeRecoveryKey } from "../../homeserver/crypto/recovery-key.ts";
import { startHomeserver, type Homeserver, type Scenario } from "../../homeserver/index.ts";
import type { AuditReport } from "../../../src/core/verdicts.ts";
import { waitFor } from "../../helpers/wait-for.ts";
import { BIN, ROOT, runCli, secretNowhere } from "./run-cli.ts";

const ME = "@me:localhost";
const DEVICE_NAME = "Matrix Trust Auditor (command line)";

const SCENARIO: Scenario = {
  name: "cli-session",
  serverName: "localhost",
  users: [
    { id: ME, password: "placeholder", secretStorage: true, devices: [{ id: "MEPHONE" }], verified: ["@bob:localhost", "@carol:localhost"] },
    { id: "@bob:localhost", password: "pw", devices: [{ id: "B1" }] },
    { id: "@carol:localhost", password: "pw", devices: [{ id: "C1" }, { id: "C2", signedByOwner: false }] },
  ],
  rooms: [
    { id: "!clean:localhost", name: "Clean", encrypted: true, creator: ME, members: ["@bob:localhost"] },
    { id: "!risky:localhost", name: "Risky", encrypted: true, creator: ME, members: ["@carol:localhost"] },
  ],
};

/** A local HTTP server answering every request with `handle`. */
async function serve(handle: (path: string) => { status: number; body?: unknown; headers?: Record<string, string> }): Promise<{ server: Server; origin: string; name: string }> {
  const server = createServer((req, res) => {
    const { status, body, headers } = handle(req.url ?? "/");
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, origin: `http://127.0.0.1:${port}`, name: `127.0.0.1:${port}` };
}

describe("matrix-trust-auditor against a homeserver", () => {
  let hs: Homeserver;
  let password: string;
  let recoveryKey: string;
  let stateRoot: string;
  const servers: Server[] = [];
  let n = 0;
  /** A fresh state directory per run: these tests are about one run each. */
  const stateDir = (): string => {
    const dir = join(stateRoot, `run-${n++}`);
    mkdirSync(dir);
    return dir;
  };
  const cliDevices = () => [...hs.state.users.get(ME)!.devices.values()].filter((d) => d.displayName === DEVICE_NAME);
  const secretsEnv = () => ({ MATRIX_PASSWORD: password, MATRIX_RECOVERY_KEY: recoveryKey });
  const audit = (args: string[], env: Record<string, string | undefined> = secretsEnv()) =>
    runCli(["--user", ME, "--state-dir", stateDir(), ...args], { env });

  before(async () => {
    hs = await startHomeserver({ scenario: SCENARIO, record: true });
    password = `pw-${randomBytes(9).toString("base64url")}`;
    hs.state.users.get(ME)!.password = password;
    recoveryKey = hs.accounts.find((a) => a.userId === ME)!.recoveryKey!;
    stateRoot = mkdtempSync(join(tmpdir(), "mta-cli-"));
  });
  after(async () => {
    for (const s of servers) s.close();
    await hs?.stop();
    if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
  });

  it("exits 0 for a clean room; its device is cross-signed by the restored identity while it exists, then deleted", async () => {
    const run = await audit(["--homeserver", hs.url, "--room", "!clean:localhost", "--format", "json"]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as AuditReport;
    assert.equal(report.account.ownIdentityTrusted, true);
    assert.deepEqual(report.rooms.map((r) => [r.roomId, r.shield]), [["!clean:localhost", "verified"]]);
    assert.equal(report.rooms[0]!.members.find((m) => m.userId === "@bob:localhost")!.verdict, "verified");
    // The device the run signed in as…
    const login = hs.exchanges.find(
      (e) => e.route.endsWith("/login") && e.method === "POST" && (e.requestBody as { initial_device_display_name?: string }).initial_device_display_name === DEVICE_NAME && e.status === 200,
    );
    const deviceId = (login!.responseBody as { device_id: string }).device_id;
    assert.equal(report.account.deviceId, deviceId);
    // …was signed with the account's self-signing key, and the server took the signature…
    const sskKey = Object.keys(hs.state.users.get(ME)!.crossSigning.self_signing!.keys as Record<string, string>)[0]!;
    const signed = hs.exchanges.filter((e) => e.route.endsWith("/keys/signatures/upload") && e.status === 200).some((e) => {
      const body = e.requestBody as Record<string, Record<string, { signatures?: Record<string, Record<string, string>> }>>;
      return body[ME]?.[deviceId]?.signatures?.[ME]?.[sskKey] !== undefined;
    });
    assert.ok(signed, "the run's device was cross-signed by the restored identity");
    // …and is gone now; the report leaves the temporary device out.
    assert.deepEqual(cliDevices(), []);
    assert.ok(report.rooms[0]!.members.find((m) => m.userId === ME)!.devices.every((d) => d.deviceId !== deviceId));
  });

  it("exits 1 when a room has a critical finding, listing it with its ID to acknowledge", async () => {
    const run = await audit(["--homeserver", hs.url, "--room", "!risky:localhost"]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^ {2}\[CRITICAL\] @carol:localhost has a device they did not sign — you verified them \(@carol:localhost \/ C2\)$/m);
    assert.match(run.stdout, /Shield: Trust broken/);
    assert.match(run.stdout, /First run with this state: this report is the baseline/);
    assert.match(run.stdout, /Not yet acknowledged \(1\).*matrix-trust-auditor ack --user @me:localhost --all/);
    assert.match(run.stdout, /^ {2}@carol:localhost has a device they did not sign — you verified them\n {4}'\["device","@carol:localhost","C2",".+"\]'$/m);
    // --fail-on critical still fails; nothing but the report is on standard output.
    const markdown = await audit(["--homeserver", hs.url, "--room", "!risky:localhost", "--fail-on", "critical", "--format", "markdown"]);
    assert.equal(markdown.code, 1);
    assert.match(markdown.stdout, /^# Matrix trust audit$/m);
  });

  it("without a recovery key says why others' trust cannot be established", async () => {
    const run = await audit(["--homeserver", hs.url, "--room", "!clean:localhost", "--format", "markdown"], { MATRIX_PASSWORD: password, MATRIX_RECOVERY_KEY: undefined });
    assert.equal(run.code, 1, run.stderr); // the account's other device cannot be confirmed
    assert.match(run.stderr, /No recovery key was given, so this temporary session cannot trust your digital identity/);
    assert.match(run.stdout, /^# Matrix trust audit$/m);
    assert.match(run.stdout, /^\| @bob:localhost \| [^|]* \| Not verified \|/m);
  });

  it("finds the homeserver from a server name through .well-known, as the extension does", async () => {
    const wellKnown = await serve((path) =>
      path === "/.well-known/matrix/client" ? { status: 200, body: { "m.homeserver": { base_url: hs.url } } } : { status: 404, body: { errcode: "M_UNRECOGNIZED" } },
    );
    servers.push(wellKnown.server);
    const run = await audit(["--homeserver", wellKnown.name, "--room", "!clean:localhost", "--format", "json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as AuditReport).rooms[0]!.shield, "verified");
  });

  it("secrets from files work; on the command line they work with a warning", async () => {
    const dir = mkdtempSync(join(stateRoot, "secrets-"));
    writeFileSync(join(dir, "password"), `${password}\n`, { mode: 0o600 });
    writeFileSync(join(dir, "key"), `${recoveryKey}\n`, { mode: 0o600 });
    const fromFiles = await audit(
      ["--homeserver", hs.url, "--room", "!clean:localhost", "--password-file", join(dir, "password"), "--recovery-key-file", join(dir, "key")],
      { MATRIX_PASSWORD: undefined, MATRIX_RECOVERY_KEY: undefined },
    );
    assert.equal(fromFiles.code, 0, fromFiles.stderr);
    assert.equal(fromFiles.stderr, "");
    const onCommandLine = await audit(["--homeserver", hs.url, "--room", "!clean:localhost", "--password", password], { MATRIX_PASSWORD: undefined, MATRIX_RECOVERY_KEY: recoveryKey });
    assert.equal(onCommandLine.code, 0, onCommandLine.stderr);
    assert.match(onCommandLine.stderr, /Warning: --password on the command line can be read by other users of this computer \(process list, shell history\)\. Use MATRIX_PASSWORD, --password-file or the prompt instead\./);
    const none = await audit(["--homeserver", hs.url], { MATRIX_PASSWORD: undefined, MATRIX_RECOVERY_KEY: undefined });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No password: set MATRIX_PASSWORD, use --password-file FILE, or run in a terminal to be asked for it\./);
  });

  it("asks for the secrets at a terminal without echoing them, and they appear in no output or argument", async () => {
    const dir = stateDir();
    const args = ["--user", ME, "--homeserver", hs.url, "--state-dir", dir, "--room", "!clean:localhost"];
    const quoted = (argv: string[]) => argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
    const run = await runCli(args, {
      env: { MATRIX_PASSWORD: undefined, MATRIX_RECOVERY_KEY: undefined },
      // A pseudo-terminal (util-linux `script`): standard input, output and error are a terminal.
      wrap: (argv) => ["script", "-qefc", quoted(argv), "/dev/null"],
      started: async (child, output) => {
        await waitFor(() => output().includes(`Password for ${ME}: `), "the password prompt", 180_000);
        child.stdin!.write(`${password}\r`);
        await waitFor(() => output().includes("Recovery key (Enter to skip): "), "the recovery key prompt", 180_000);
        child.stdin!.write(`${recoveryKey}\r`);
      },
    });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /Matrix trust audit for @me:localhost/);
    // On a terminal, standard error also shows the progress line (elsewhere it stays empty, see above).
    assert.match(run.stdout, /Auditing rooms: 1 of 1/);
    assert.equal(run.sawChild, true, "the command's own process was watched");
    assert.equal(secretNowhere(run, password), null, "password visible");
    assert.equal(secretNowhere(run, recoveryKey), null, "recovery key visible");
    assert.equal(secretNowhere(run, recoveryKey.replace(/ /g, "")), null, "recovery key visible");
  });

  it("failures end with exit 2 and the extension's words, and the device is deleted", async () => {
    const notMatrix = await serve(() => ({ status: 404, body: { error: "nothing here" } }));
    const limited = await serve(() => ({ status: 429, body: { errcode: "M_LIMIT_EXCEEDED" }, headers: { "Retry-After": "7" } }));
    servers.push(notMatrix.server, limited.server);
    const cases: [string[], RegExp, Record<string, string | undefined>?][] = [
      [["--homeserver", hs.url], /The homeserver did not accept that user name and password\. Check both and try again\./, { MATRIX_PASSWORD: "wrong" }],
      [["--homeserver", hs.url], /That recovery key \(or passphrase\) does not match this account\. Nothing was changed; try again\./, { MATRIX_PASSWORD: password, MATRIX_RECOVERY_KEY: encodeRecoveryKey(randomBytes(32)) }],
      [["--homeserver", hs.url, "--room", "!nowhere:localhost"], /Not a joined room of @me:localhost: !nowhere:localhost/],
      [["--homeserver", "http://127.0.0.1:9"], /The homeserver at http:\/\/127\.0\.0\.1:9 did not answer\. Check your connection and the address, or try again later\./],
      [["--homeserver", notMatrix.origin], /"http:\/\/127\.0\.0\.1:\d+" is not a Matrix homeserver we could find \(it answered HTTP 404 where a Matrix server answers\)\. Check the spelling/],
      [["--homeserver", notMatrix.name], /"127\.0\.0\.1:\d+" is not a Matrix homeserver we could find/],
      [["--homeserver", limited.origin], /The homeserver is limiting requests\. Nothing was stored; try again in 7 seconds\./],
      [["--homeserver", notMatrix.origin.replace("http:", "https:")], /The connection to https:\/\/127\.0\.0\.1:\d+ could not be secured \(ERR_SSL_WRONG_VERSION_NUMBER\)/],
    ];
    for (const [args, message, env] of cases) {
      const run = await audit(args, env ?? secretsEnv());
      assert.equal(run.code, 2, `${args.join(" ")}\n${run.stderr}`);
      assert.match(run.stderr, message, args.join(" "));
      assert.equal(run.stdout, "");
    }
    assert.deepEqual(cliDevices(), []); // signed out even when the audit failed
  });

  it("interrupted mid-run (Ctrl-C), it still deletes its device and releases the state", async () => {
    const dir = stateDir();
    const run = await runCli(["--user", ME, "--homeserver", hs.url, "--state-dir", dir], {
      env: secretsEnv(),
      started: async (child) => {
        // Mid-run: the device exists and its crypto has uploaded keys.
        await waitFor(() => cliDevices().some((d) => d.deviceKeys !== undefined), "the run's device with its keys", 180_000);
        child.kill("SIGINT");
      },
    });
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /Interrupted \(SIGINT\): deleting the temporary device and releasing the state/);
    assert.equal(run.stdout, "");
    assert.deepEqual(cliDevices(), []);
    assert.deepEqual(readdirSync(dir), [], "no lock, no half-written state");
  });

  it("through npx: --help exits 0, and the JSON report parses", async () => {
    const npx = (args: string[], env: Record<string, string | undefined> = {}) =>
      runCli([], { env, command: ["npx", "--no-install", "matrix-trust-auditor", ...args] });
    const help = await npx(["--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage:\n  matrix-trust-auditor/);
    const run = await npx(["--user", ME, "--homeserver", hs.url, "--state-dir", stateDir(), "--format", "json"], secretsEnv());
    assert.equal(run.code, 1, run.stderr); // Carol's unsigned device
    const report = JSON.parse(run.stdout) as AuditReport & { sinceLastRun: { previousRunAt: number | null } };
    assert.equal(report.version, 1);
    assert.equal(report.sinceLastRun.previousRunAt, null);
    assert.equal(secretNowhere(run, password), null);
    assert.equal(secretNowhere(run, recoveryKey), null);
    assert.ok(BIN.startsWith(ROOT));
  });

  it("after npm link (into a prefix of this test), the command runs from anywhere", async () => {
    const prefix = mkdtempSync(join(stateRoot, "prefix-"));
    const link = await runCli([], { env: { npm_config_prefix: prefix }, command: ["npm", "link", "--offline", "--no-audit", "--no-fund"] });
    assert.equal(link.code, 0, link.stderr);
    const help = await runCli(["--help"], { command: [join(prefix, "bin", "matrix-trust-auditor"), "--help"], cwd: tmpdir() });
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage:\n  matrix-trust-auditor/);
  });
});
