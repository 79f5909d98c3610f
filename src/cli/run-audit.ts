/**
 * The `audit` command: lock and load the account's state, sign in as a temporary device, restore
 * the identity, audit with the records and remembered identities of earlier runs (the extension's
 * record code, src/store), write what changed, save the state, and always delete the device.
 */
import { sinceLastRun, type SinceLastRun } from "../core/report-changes.ts";
import { compareRoomRisk, reportBody } from "../core/risk.ts";
import type { AuditReport } from "../core/verdicts.ts";
import { StoreIdentityMemory } from "../store/audit/identities.ts";
import { persistUpdate } from "../store/audit/persist.ts";
import { deleteDeviceSightings } from "../store/audit/sightings.ts";
import { loadAccountSnapshot } from "../store/audit/snapshot.ts";
import { StoreTrustRecords } from "../store/audit/store-records.ts";
import { openAccountState } from "./account-state.ts";
import type { AuditArgs } from "./args.ts";
import { CliError, errorText } from "./errors.ts";
import type { Console } from "./console.ts";
import { readSecrets } from "./secrets.ts";
import { defaultStateDir } from "./state-dir.ts";

export interface AuditOutcome {
  report: AuditReport;
  since: SinceLastRun;
}

/** Runs one audit; `cleanups` receives what must run even if the process is interrupted. */
export async function runAudit(args: AuditArgs, io: Console, cleanups: Set<() => Promise<void>>): Promise<AuditOutcome> {
  const state = await openAccountState(args.stateDir ?? defaultStateDir(), args.user, { create: args.stateDir === null, notice: io.note });
  const releaseState = async (): Promise<void> => state.close();
  cleanups.add(releaseState);
  try {
    const secrets = await readSecrets(args, { env: process.env, terminal: io.terminal, say: io.prompt });
    // Loaded once the state is known to be usable: matrix-js-sdk and the crypto take seconds to load.
    const [{ Auditor }, { findHomeserver, restoreIdentity, signIn, signOut, startCrypto, syncOnce }] = await Promise.all([
      import("../core/auditor.ts"),
      import("./session.ts"),
    ]);
    const previous = await loadAccountSnapshot(state.db, args.user);
    io.progress(`Finding the homeserver…`);
    const baseUrl = await findHomeserver(args.homeserver, args.user);
    io.progress(`Signing in to ${baseUrl} as ${args.user}…`);
    const session = await signIn(baseUrl, args.user, secrets.password);
    const deviceId = session.client.getDeviceId()!;
    // Once only, whether the run ends or is interrupted first (main.ts runs the cleanups on a signal).
    let ending: Promise<void> | null = null;
    const end = (): Promise<void> =>
      (ending ??= signOut(session.client).catch((error) =>
        io.note(`Warning: the temporary device ${deviceId} could not be deleted (${errorText(error)}). Delete it in your Matrix app's list of sessions.`),
      ));
    cleanups.add(end);
    let report: AuditReport;
    try {
      await startCrypto(session.client);
      io.progress("Syncing…");
      await syncOnce(session);
      io.progress("Restoring your digital identity…");
      const problem = await restoreIdentity(session, secrets.recoveryKey);
      if (problem) io.note(`Note: ${problem}`);
      const account = session.client.getSafeUserId();
      if (account !== args.user) throw new CliError(`The homeserver signed in ${account}, not ${args.user}; give the user ID exactly as the server knows it.`);
      const auditor = new Auditor(session.client, {
        records: new StoreTrustRecords(async () => state.db, account),
        identities: new StoreIdentityMemory(async () => state.db, account),
        ...(args.roomId ? { roomIds: [args.roomId] } : {}),
      });
      auditor.on("progress", ({ roomsDone, roomsTotal }) => io.progress(`Auditing rooms: ${roomsDone} of ${roomsTotal}`));
      report = withoutDevice(await auditor.fullAudit(), account, deviceId);
    } finally {
      io.progress(null);
      await end();
      cleanups.delete(end);
    }
    const now = report.generatedAt;
    const since = sinceLastRun(previous && { report: previous.report, at: previous.report.generatedAt }, report, now);
    const stored = args.roomId && previous ? merged(previous.report, report) : report;
    await persistUpdate(state.db, {
      previous: previous?.report ?? null,
      report: stored,
      rebuiltRooms: report.rooms.map((r) => r.roomId),
      full: args.roomId === null,
      now,
    });
    await deleteDeviceSightings(state.db, report.account.userId, report.account.userId, report.account.deviceId);
    await state.save();
    return { report, since };
  } finally {
    cleanups.delete(releaseState);
    state.close();
  }
}

/**
 * The report without this run's own temporary device: it exists only during the run, and would
 * otherwise come and go in every comparison with the previous run.
 */
function withoutDevice(report: AuditReport, userId: string, deviceId: string): AuditReport {
  return {
    ...report,
    rooms: report.rooms.map((room) => ({
      ...room,
      members: room.members.map((m) => (m.userId === userId ? { ...m, devices: m.devices.filter((d) => d.deviceId !== deviceId) } : m)),
    })),
  };
}

/** A one-room run's report merged into the previous full one, so other rooms stay in the baseline. */
function merged(previous: AuditReport, report: AuditReport): AuditReport {
  const audited = new Set(report.rooms.map((r) => r.roomId));
  const rooms = [...previous.rooms.filter((r) => !audited.has(r.roomId)), ...report.rooms].sort(compareRoomRisk);
  return { ...report, ...reportBody(rooms) };
}
