import { test } from "node:test";
import assert from "node:assert/strict";
import { HELP, parseArgs, UsageError, type AuditArgs } from "../../../src/cli/args.ts";
import { formatTable, plain } from "../../../src/cli/format-report.ts";

const BASE = ["--user", "@me:localhost"];

test("audit arguments: defaults and every option", () => {
  assert.deepEqual(parseArgs(BASE), {
    command: "audit",
    user: "@me:localhost",
    stateDir: null,
    homeserver: null,
    passwordFile: null,
    password: null,
    recoveryKeyFile: null,
    recoveryKey: null,
    roomId: null,
    format: "table",
    failOn: "warning",
  });
  const full = parseArgs([
    "audit", ...BASE, "--homeserver", "example.org", "--recovery-key-file", "/k", "--password-file=/p", "--room=!r:localhost",
    "--format", "json", "--fail-on", "critical", "--state-dir", "/s",
  ]) as AuditArgs;
  assert.deepEqual(
    [full.command, full.homeserver, full.recoveryKeyFile, full.roomId, full.passwordFile, full.format, full.failOn, full.stateDir],
    ["audit", "example.org", "/k", "!r:localhost", "/p", "json", "critical", "/s"],
  );
  assert.deepEqual(parseArgs(["ack", ...BASE, "a", "b"]), { command: "ack", user: "@me:localhost", stateDir: null, findingIds: ["a", "b"], all: false });
  assert.deepEqual(parseArgs(["ack", ...BASE, "--all"]), { command: "ack", user: "@me:localhost", stateDir: null, findingIds: [], all: true });
  assert.deepEqual(parseArgs(["--user", "x", "-h"]), { command: "help" });
});

test("audit arguments: mistakes are refused with a clear message", () => {
  const cases: [string[], RegExp][] = [
    [[], /--user is required/],
    [[...BASE, "--format", "xml"], /--format must be/],
    [[...BASE, "--fail-on", "all"], /--fail-on must be critical, warning or notice/],
    [[...BASE, "--verbose"], /Unknown option "--verbose" for audit/],
    [[...BASE, "stray"], /Unexpected argument "stray"/],
    [[...BASE, "--room"], /--room needs a value/],
    [[...BASE, "--room", "lobby"], /--room must be a room ID/],
    [["--user", "me"], /full Matrix ID/],
    [[...BASE, "--user", "@again:x"], /given twice/],
    [[...BASE, "--password", "p", "--password-file", "f"], /--password or --password-file, not both/],
    [["ack", ...BASE], /ack needs the IDs/],
    [["ack", ...BASE, "--all", "x"], /IDs or --all, not both/],
    [["ack", ...BASE, "--format", "json", "x"], /Unknown option "--format" for ack/],
  ];
  for (const [argv, message] of cases)
    assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(" "));
});

test("--help names every option, the secrets' variables, the exit codes and examples", () => {
  for (const word of [
    "--user", "--homeserver", "--room", "--format", "--fail-on", "--state-dir", "--password-file", "--recovery-key-file",
    "--password", "--recovery-key", "-h, --help", "ack", "--all", "MATRIX_PASSWORD", "MATRIX_RECOVERY_KEY", "XDG_STATE_HOME",
  ])
    assert.ok(HELP.includes(word), word);
  assert.match(HELP, /Exit status:\n  0 .*\n  1 .*\n  2 /);
  assert.match(HELP, /Examples:\n  MATRIX_PASSWORD=/);
  assert.ok(HELP.split("\n").every((line) => line.length <= 100), "fits a terminal");
});

test("printed reports cannot carry terminal escapes from other users' names", () => {
  assert.equal(plain("evil\u001b[2J\u202ename"), "evil?[2J?name");
  const text = formatTable({
    version: 1,
    generatedAt: 0,
    account: { userId: "@me:x", deviceId: "D", ownIdentityTrusted: true, trustCaveat: null },
    problems: [],
    summary: { rooms: 1, encryptedRooms: 1, findings: { critical: 0, warning: 0, notice: 0 }, unacknowledged: 0, problems: { critical: 0, warning: 0, notice: 0, unacknowledged: 0 } },
    rooms: [
      {
        roomId: "!r:x",
        name: "room\u001b]0;title\u0007",
        encrypted: true,
        isDirect: false,
        shield: "normal",
        findings: [],
        policyPreview: { excludedDevices: [], failingUsers: [], onlySignedFailingUsers: [], onlySignedBlocked: null },
        members: [{ userId: "@a:x", displayName: "\u001b[31mred", verdict: "unverified", masterKey: null, devicesKnown: true, devices: [] }],
      },
    ],
  });
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  assert.match(text, /\?\[31mred/);
});
