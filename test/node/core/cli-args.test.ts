import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAuditArgs, UsageError } from "../../../src/cli/audit-args.ts";
import { formatTable, plain } from "../../../src/cli/format-report.ts";

const BASE = ["--homeserver", "http://localhost:8008/", "--user", "@me:localhost", "--password", "pw"];

test("audit arguments: defaults and every option", () => {
  assert.deepEqual(parseAuditArgs(BASE), {
    homeserver: "http://localhost:8008",
    user: "@me:localhost",
    password: "pw",
    recoveryKey: null,
    roomId: null,
    format: "table",
  });
  const full = parseAuditArgs([...BASE, "--recovery-key", "EsT a b", "--room=!r:localhost", "--format", "json"]);
  assert.equal(full.recoveryKey, "EsT a b");
  assert.equal(full.roomId, "!r:localhost");
  assert.equal(full.format, "json");
});

test("audit arguments: mistakes are refused with a clear message", () => {
  const cases: [string[], RegExp][] = [
    [BASE.slice(2), /--homeserver is required/],
    [[...BASE, "--format", "xml"], /--format must be/],
    [[...BASE, "--verbose"], /Unknown argument "--verbose"/],
    [[...BASE, "--room"], /--room needs a value/],
    [[...BASE, "--room", "lobby"], /--room must be a room ID/],
    [["--homeserver", "localhost", "--user", "@me:x", "--password", "p"], /must be an http/],
    [["--homeserver", "http://h", "--user", "me", "--password", "p"], /full Matrix ID/],
    [[...BASE, "--password", "again"], /given twice/],
  ];
  for (const [argv, message] of cases) assert.throws(() => parseAuditArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
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
