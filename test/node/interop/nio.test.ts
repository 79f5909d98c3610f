// An independent client against the test homeserver: matrix-nio 0.20 with libolm (Python), not
// matrix-js-sdk. It logs in over the legacy r0 paths, uploads keys, syncs, queries and claims keys
// and sends an encrypted message that a real matrix-js-sdk client decrypts; restarted from the sync
// token it saved, it syncs with full_state and still knows its rooms. Meanwhile the audit, running
// on the matrix-js-sdk client, sees nio's device with its verdict. A misunderstanding of the spec
// shared by matrix-js-sdk and this homeserver would pass the other tests; here another
// implementation has to agree.
import "../core/unref-long-timers.ts";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { MsgType, type MatrixEvent } from "matrix-js-sdk";
import { startHomeserver, type Homeserver, type Scenario } from "../../homeserver/index.ts";
import { bootstrapCrossSigning, createTestClient, waitFor, type TestClient } from "../../helpers/matrix-client.ts";
import { validateExchanges } from "../../helpers/spec-schemas.ts";
import { Auditor } from "../../../src/core/auditor.ts";
import type { AuditReport, DeviceTrust } from "../../../src/core/verdicts.ts";
import { nextUpdate } from "../core/audit-helpers.ts";
import { locateNioPython } from "../../tools/nio-python.mjs";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("error");

const SCRIPT = fileURLToPath(new URL("../../interop/nio_client.py", import.meta.url));
const JAY = "@jay:localhost";
const NIA = "@nia:localhost";
const NIA_PASSWORD = "nia-password";
const ROOM = "!interop:localhost";
const FROM_NIO = "Hello from matrix-nio";
const FROM_JS_SDK = "Hello back from matrix-js-sdk";

const SCENARIO: Scenario = {
  name: "nio-interop",
  description: "Jay (matrix-js-sdk) and Nia (matrix-nio, who has no digital identity) in one encrypted room.",
  serverName: "localhost",
  users: [
    // Display names as Synapse gives every account (its localpart): nio 0.20 cannot send in a room
    // whose /joined_members leaves one out, though the spec allows it (docs/developers/interop.md).
    { id: JAY, password: "jay-password", displayName: "Jay", secretStorage: true, devices: [] },
    { id: NIA, password: NIA_PASSWORD, displayName: "Nia", crossSigning: false, devices: [] },
  ],
  rooms: [{ id: ROOM, name: "Interop", encrypted: true, creator: JAY, members: [NIA] }],
};

function findNioPython(): string {
  const found = locateNioPython();
  if ("error" in found) throw new Error(found.error);
  return found.path;
}

interface Step {
  step: string;
  [fact: string]: unknown;
}

/** Runs the nio script to its end; its JSON lines by step name, or a failure with what it printed. */
async function runNio(python: string, args: string[]): Promise<Map<string, Step>> {
  const child = spawn(python, [SCRIPT, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`nio_client.py ${args[0]} did not finish in 60 s\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 60_000);
    child.on("error", reject);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code !== 0) throw new Error(`nio_client.py ${args[0]} failed (exit ${code})\nstdout: ${stdout}\nstderr: ${stderr}`);
  const steps = new Map<string, Step>();
  for (const line of stdout.split("\n").filter(Boolean)) {
    const parsed = JSON.parse(line) as Step;
    steps.set(parsed.step, parsed);
  }
  return steps;
}

function step(steps: Map<string, Step>, name: string): Step {
  const found = steps.get(name);
  assert.ok(found, `nio reported no "${name}" step (got ${[...steps.keys()].join(", ")})`);
  return found;
}

function deviceIn(report: AuditReport, userId: string, deviceId: string): DeviceTrust | undefined {
  return report.rooms.find((room) => room.roomId === ROOM)?.members.find((member) => member.userId === userId)?.devices.find((device) => device.deviceId === deviceId);
}

describe("matrix-nio (Python, libolm) against the test homeserver", () => {
  let python: string;
  let hs: Homeserver;
  let jay: TestClient;
  let auditor: Auditor;
  let storeDir: string;
  let nioDeviceId = "";

  before(async () => {
    python = findNioPython();
    storeDir = await mkdtemp(path.join(tmpdir(), "mta-nio-"));
    hs = await startHomeserver({ scenario: SCENARIO, record: true });
    const account = hs.accounts.find((a) => a.userId === JAY)!;
    jay = await createTestClient({ baseUrl: hs.url, userId: JAY, password: account.password, recoveryKey: account.recoveryKey! });
    await jay.crypto.userHasCrossSigningKeys(JAY, true);
    await bootstrapCrossSigning(jay);
    await waitFor(async () => (await jay.crypto.getUserVerificationStatus(JAY)).isCrossSigningVerified(), "Jay's own identity trusted");
    auditor = new Auditor(jay.client, { debounceMs: 50 });
    await auditor.fullAudit();
    auditor.start();
  });

  after(async () => {
    auditor?.stop();
    await jay?.stop();
    await hs?.stop();
    if (storeDir) await rm(storeDir, { recursive: true, force: true });
  });

  test("nio logs in, uploads keys, syncs, queries and claims keys, and sends a message matrix-js-sdk decrypts; the audit sees its device", async () => {
    // Listening before nio starts: the running audit must notice the new device by itself.
    const auditSawNio = nextUpdate(auditor, (report) => (report.rooms.find((room) => room.roomId === ROOM)?.members.find((m) => m.userId === NIA)?.devices.length ?? 0) > 0, "nio's device in the audit", 60_000);
    const steps = await runNio(python, ["first", hs.url, NIA, NIA_PASSWORD, storeDir, ROOM, FROM_NIO]);

    nioDeviceId = String(step(steps, "login").device_id);
    assert.ok(hs.state.users.get(NIA)!.devices.get(nioDeviceId)?.deviceKeys, "the server holds the device keys nio uploaded");
    assert.ok(Number(step(steps, "keys-upload").one_time_key_counts) > 0, "nio's one-time keys were counted");
    const rooms = step(steps, "sync").rooms as Record<string, { encrypted: boolean; members: string[] }>;
    assert.deepEqual(rooms[ROOM], { encrypted: true, members: [JAY, NIA], name: "Interop" });
    assert.ok((step(steps, "keys-query").devices as Record<string, string[]>)[JAY]?.includes(jay.deviceId), "nio found Jay's matrix-js-sdk device");
    assert.deepEqual((step(steps, "keys-claim").claimed as Record<string, string[]>)[JAY], [jay.deviceId], "nio claimed a one-time key of Jay's device");
    const eventId = String(step(steps, "send").event_id);

    const decrypted = await waitFor(async () => {
      const event: MatrixEvent | undefined = jay.client.getRoom(ROOM)?.findEventById(eventId);
      if (!event) return undefined;
      await event.getDecryptionPromise();
      return event.isDecryptionFailure() ? undefined : event;
    }, "matrix-js-sdk decrypting nio's message");
    assert.equal(decrypted.isEncrypted(), true);
    assert.equal(decrypted.getSender(), NIA);
    assert.equal(decrypted.getContent().body, FROM_NIO);
    assert.equal(decrypted.getType(), "m.room.message");

    const update = await auditSawNio;
    const seen = deviceIn(update.report, NIA, nioDeviceId);
    assert.ok(seen, "the audit lists nio's device");
    // Nia has no digital identity (nio 0.20 has no cross-signing): nothing vouches for the device.
    assert.equal(seen.verdict, "no-cross-signing");
    assert.match(seen.ed25519 ?? "", /^[A-Za-z0-9+/]{43}$/);
    assert.equal(seen.ed25519, (hs.state.users.get(NIA)!.devices.get(nioDeviceId)!.deviceKeys as { keys: Record<string, string> }).keys[`ed25519:${nioDeviceId}`]);
  });

  test("restarted from its saved sync token with full_state, nio still knows its rooms and decrypts a matrix-js-sdk message", async () => {
    assert.ok(nioDeviceId, "the first nio run happened");
    // Jay writes while nio is away: matrix-js-sdk must claim nio's key and send the room key over Olm.
    await waitFor(async () => (await jay.crypto.getUserDeviceInfo([NIA])).get(NIA)?.has(nioDeviceId), "Jay's client knowing nio's device");
    await jay.client.sendMessage(ROOM, { msgtype: MsgType.Text, body: FROM_JS_SDK });

    const steps = await runNio(python, ["restart", hs.url, storeDir]);
    const restored = step(steps, "restored");
    assert.equal(restored.device_id, nioDeviceId);
    assert.deepEqual(restored.rooms_before_sync, [], "nio keeps no rooms on disk: only the sync can give them back");
    assert.match(String(restored.since), /.+/);
    const fullState = step(steps, "full-state-sync");
    const rooms = fullState.rooms as Record<string, { encrypted: boolean; members: string[] }>;
    assert.deepEqual(rooms[ROOM], { encrypted: true, members: [JAY, NIA], name: "Interop" });
    assert.deepEqual(fullState.undecryptable, []);
    assert.deepEqual(fullState.messages, [{ room_id: ROOM, sender: JAY, body: FROM_JS_SDK, was_encrypted: true }]);
  });

  test("everything nio sent and received matches the spec, and it asked for nothing the server lacks", () => {
    // matrix-js-sdk probes unstable MSC endpoints; "unrecognized" is the right answer to those.
    assert.deepEqual(hs.unrecognized.filter((request) => !request.includes("/unstable/")), []);
    const nioPaths = hs.exchanges.filter((exchange) => exchange.path.startsWith("/_matrix/client/r0/"));
    assert.ok(nioPaths.length > 0, "nio used the r0 paths");
    const { failures } = validateExchanges(hs.exchanges);
    assert.deepEqual(failures, []);
  });
});
