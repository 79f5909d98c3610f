// The audit service's storage problem for a closed and a blocked database (fake-indexeddb, no
// session): the write the user asked for fails with the store's words AND the service reports it
// for the overview; the records stay; a later write that succeeds clears it.
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { AuditService } from "../../../../src/background/audit/service.ts";
import { saveReportSnapshot } from "../../../../src/store/audit/snapshot.ts";
import { openAuditorDB, type AuditorDB } from "../../../../src/store/db.ts";
import { StorageError } from "../../../../src/store/errors.ts";
import { listFindings, recordFindings } from "../../../../src/store/findings.ts";
import type { AuditReport, Finding } from "../../../../src/core/verdicts.ts";
import type { SessionStatus, StorageProblem } from "../../../../src/protocol/messages.ts";
import { reportBody } from "../../../../src/core/risk.ts";

const ME = "@me:x";
const signedIn: SessionStatus = { signedIn: true, userId: ME, deviceId: "MINE", cryptoReady: false };

const finding = (n: number): Finding => ({
  id: `finding-${n}`,
  kind: "unsigned-device",
  severity: "notice",
  roomId: "!room:x",
  userId: "@dave:x",
  deviceId: `TABLET${n}`,
  ed25519: `tablet-key-${n}`,
  firstSeen: 1000,
  acknowledged: false,
});

const stored: AuditReport = {
  version: 1,
  generatedAt: 2000,
  account: { userId: ME, deviceId: "MINE", ownIdentityTrusted: false, trustCaveat: "not verified" },
  ...reportBody([
    {
      roomId: "!room:x",
      name: "Room",
      encrypted: true,
      isDirect: false,
      shield: "normal",
      members: [],
      findings: [finding(1), finding(2)],
      policyPreview: { excludedDevices: [], failingUsers: [], onlySignedFailingUsers: [], onlySignedBlocked: null },
    },
  ]),
};

function rawOpen(name: string, version: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

test("a closed database: the acknowledgement fails and is reported; reopened, the next one succeeds and clears it", async () => {
  const name = `closed-${randomUUID()}`;
  let connection: AuditorDB = await openAuditorDB(name);
  await recordFindings(connection, ME, [finding(1), finding(2)], { now: 1000 });
  await saveReportSnapshot(connection, stored, 2000);
  const problems: (StorageProblem | null)[] = [];
  const service = new AuditService({
    db: async () => connection,
    session: { status: async () => signedIn, client: () => undefined },
    onStorageProblem: (problem) => problems.push(problem),
    now: () => 5000,
  });
  assert.deepEqual(await service.report(), stored);

  connection.close(); // the browser closed it under us
  const error = await service.acknowledge([finding(1).id]).then(() => assert.fail("acknowledged on a closed database"), (e: unknown) => e);
  assert.ok(error instanceof StorageError && error.kind === "closed", String(error));
  assert.deepEqual(service.storageProblem(), { kind: "closed", message: error.userMessage, since: 5000 });
  assert.deepEqual(problems, [service.storageProblem()]);

  connection = await openAuditorDB(name);
  assert.ok((await listFindings(connection, ME)).every((f) => f.acknowledged === null), "nothing was half-written");
  assert.equal(await service.acknowledge([finding(1).id]), 1);
  await service.whenSettled(); // the stored report's write
  assert.equal(service.storageProblem(), null);
  assert.deepEqual(problems.at(-1), null);
  connection.close();
});

test("a blocked upgrade: the write fails as 'blocked' and the overview is told, in the store's words", async () => {
  const name = `blocked-${randomUUID()}`;
  // An old page's connection to version 1, deaf to the upgrade.
  const old = await rawOpen(name, 1, (created) => created.createObjectStore("meta"));
  const problems: (StorageProblem | null)[] = [];
  const service = new AuditService({
    db: () => openAuditorDB(name, { blockedTimeoutMs: 50 }),
    session: { status: async () => signedIn, client: () => undefined },
    onStorageProblem: (problem) => problems.push(problem),
  });
  try {
    const error = await service.markWarned([finding(1).id]).then(() => assert.fail("written while blocked"), (e: unknown) => e);
    assert.ok(error instanceof StorageError && error.kind === "blocked", String(error));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.kind, "blocked");
    assert.match(problems[0]!.message, /Close other extension pages/);
  } finally {
    old.close();
  }
});
