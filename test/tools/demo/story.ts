/**
 * The demo's story, driven through the extension's own messages (as the popup sends them) against the
 * test homeserver: sign in as the demo account, restore its identity with the recovery key, let the
 * session see everyone, then change two people's identities and, later, add a device. Each step waits
 * until the extension's real audit shows its effect, so nothing on screen is staged.
 */
import type { AuditReport, RoomAudit } from "../../../src/core/verdicts.ts";
import type { Homeserver } from "../../homeserver/index.ts";
import { waitFor } from "../../browser/harness/common.ts";
import type { DemoBrowser } from "./browser.ts";

export const DEMO_USER = "@demo:localhost";
export const SHOWCASE_ROOM = "Project Falcon";
export const NEW_DEVICE = { userId: "@alice:localhost", deviceId: "ALICENEW" };

export function roomNamed(report: AuditReport, name: string): RoomAudit | undefined {
  return report.rooms.find((room) => room.name === name);
}

function verdictOf(report: AuditReport, room: string, userId: string): string | undefined {
  return roomNamed(report, room)?.members.find((m) => m.userId === userId)?.verdict;
}

/** Polls the background's report until `ready` holds; the deadline names what never happened. */
async function reportWhen(browser: DemoBrowser, what: string, ready: (report: AuditReport) => boolean, timeoutMs = 60_000): Promise<AuditReport> {
  let refused: string | undefined;
  const report = await waitFor(what, async () => {
    const answer = await browser.send("audit.report", {});
    // An internal error will not go away by asking again (e.g. a build without the audit): stop at once.
    if (!answer.ok && answer.error.code === "internal") return (refused = answer.error.message);
    return answer.ok && answer.value && ready(answer.value) ? answer.value : undefined;
  }, { timeoutMs, intervalMs: 250 });
  if (typeof report === "string") throw new Error(`Waiting for ${what}, the extension answered: ${refused}`);
  return report;
}

export function demoAccount(server: Homeserver) {
  const account = server.accounts.find((a) => a.userId === DEMO_USER);
  if (!account?.recoveryKey) throw new Error(`The demo scenario has no ${DEMO_USER} with a recovery key.`);
  return { ...account, recoveryKey: account.recoveryKey };
}

/** Signs in, restores the identity and plays the identity changes; returns the audit that shows them. */
export async function prepareDemo(browser: DemoBrowser, server: Homeserver, roomCount: number, log: (line: string) => void): Promise<AuditReport> {
  const account = demoAccount(server);
  log(`Signing the extension in as ${account.userId} on ${server.url} …`);
  const signedIn = await browser.send("session.signIn", { homeserver: server.url, user: account.userId, password: account.password });
  if (!signedIn.ok) throw new Error(`Sign-in failed: ${JSON.stringify(signedIn.error)}`);
  await reportWhen(browser, `the first audit of all ${roomCount} rooms`, (report) => report.rooms.length === roomCount);

  log("Restoring the demo account's identity with its recovery key …");
  const recovered = await browser.send("verification.recover", { recoveryKey: account.recoveryKey });
  if (!recovered.ok) throw new Error(`Restoring the identity failed: ${JSON.stringify(recovered.error)}`);
  await reportWhen(browser, "the audit to trust the demo account's identity and see Alice as verified", (report) =>
    report.account.ownIdentityTrusted && verdictOf(report, SHOWCASE_ROOM, "@alice:localhost") === "verified");

  // Rust crypto pins the first identity it sees, so the changes come after the session has seen them.
  log("Bob and Carol reset their identities (Bob was verified) …");
  await server.applyStep("reset-identities");
  return reportWhen(browser, "the audit to see Bob's verification violation and Carol's identity change", (report) =>
    verdictOf(report, SHOWCASE_ROOM, "@bob:localhost") === "verification-violation" &&
    verdictOf(report, SHOWCASE_ROOM, "@carol:localhost") === "identity-changed");
}

/** Alice adds a device she has not signed; returns the audit once it reports it. */
export async function playNewDevice(browser: DemoBrowser, server: Homeserver): Promise<AuditReport> {
  await server.applyStep("add-device");
  return reportWhen(browser, "the audit to report Alice's new device", (report) =>
    report.rooms.some((room) => room.findings.some((f) => f.userId === NEW_DEVICE.userId && f.deviceId === NEW_DEVICE.deviceId)));
}
