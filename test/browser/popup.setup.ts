/**
 * What the popup tests share: the demo scenario plus a member whose names are markup, a signed-in
 * extension with a finished audit, and DOM probes. Everything runs the real background, session and
 * audit against the test homeserver; nothing here makes up a verdict.
 */
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import type { AuditReport } from "../../src/core/verdicts.ts";
import { startHomeserver, type Homeserver, type Scenario } from "../homeserver/index.ts";
import { expectedProblems } from "../helpers/expected-problems.ts";
import { waitFor, type ExtensionUnderTest, type PageHandle } from "./harness/common.ts";

export const HOSTILE_NAME = "<img src=x onerror=alert(1)>";
export const HOSTILE_DEVICE_NAME = "<b onmouseover=alert(2)>tablet</b>";
export const HOSTILE_USER = "@mallory:localhost";

/** The demo scenario, plus Mallory (markup for names, no cross-signing) in the Ops room. */
export function popupScenario(): Scenario {
  const demo = JSON.parse(readFileSync(new URL("../scenarios/demo.json", import.meta.url), "utf8")) as Scenario;
  demo.name = "demo-popup";
  demo.users.push({
    id: HOSTILE_USER,
    password: "mallory-password",
    displayName: HOSTILE_NAME,
    crossSigning: false,
    devices: [{ id: "MALLORYDEV", displayName: HOSTILE_DEVICE_NAME }],
  });
  const ops = demo.rooms?.find((room) => room.name === "Ops");
  assert.ok(ops, "the demo scenario has an Ops room");
  ops.members = [...(ops.members ?? []), HOSTILE_USER];
  return demo;
}

export async function startPopupHomeserver(scenario: Scenario = popupScenario()): Promise<Homeserver> {
  return startHomeserver({ scenario });
}

export function demoAccount(server: Homeserver) {
  const account = server.accounts.find((a) => a.userId === "@demo:localhost");
  assert.ok(account, "the scenario has the demo account");
  return account;
}

/**
 * Signs the extension in as the demo user through the protocol, verifies the session with the
 * account's recovery key when the scenario has one (so the people the demo user verified are
 * verified here too), and waits for an audit of every room that knows it.
 */
export async function signInAndAudit(extension: ExtensionUnderTest, server: Homeserver, rooms: number): Promise<AuditReport> {
  const account = demoAccount(server);
  const signedIn = await extension.sendFromExtensionPage("session.signIn", {
    homeserver: server.url,
    user: account.userId,
    password: account.password,
  });
  assert.ok(signedIn.ok, `sign-in failed: ${JSON.stringify(signedIn)}`);
  const trusted = account.recoveryKey !== undefined;
  if (trusted) {
    const recovered = await extension.sendFromExtensionPage("verification.recover", { recoveryKey: account.recoveryKey! });
    assert.ok(recovered.ok && recovered.value.thisSessionVerified, `recovery failed: ${JSON.stringify(recovered)}`);
  }
  return waitForReport(
    extension,
    "an audit of every room" + (trusted ? " by the verified session" : ""),
    (report) => report.rooms.length === rooms && report.account.ownIdentityTrusted === trusted,
    90_000,
  );
}

export async function currentReport(extension: ExtensionUnderTest): Promise<AuditReport> {
  const answer = await extension.sendFromExtensionPage("audit.report", {});
  assert.ok(answer.ok, `audit.report failed: ${JSON.stringify(answer)}`);
  assert.ok(answer.value, "the background has a report");
  return answer.value;
}

export function waitForReport(
  extension: ExtensionUnderTest,
  what: string,
  ready: (report: AuditReport) => boolean,
  timeoutMs = 30_000,
): Promise<AuditReport> {
  return waitFor(
    what,
    async () => {
      const answer = await extension.sendFromExtensionPage("audit.report", {});
      return answer.ok && answer.value && ready(answer.value) ? answer.value : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** The toolbar badge's text as the browser holds it (asked from one of our pages). */
export function toolbarBadgeText(page: PageHandle): Promise<string> {
  return page.evaluate(() => {
    type ActionApi = { action: { getBadgeText(details: object): Promise<string> } };
    const scope = globalThis as unknown as { browser?: ActionApi; chrome?: ActionApi };
    return (scope.browser ?? scope.chrome)!.action.getBadgeText({});
  }, undefined);
}

/** What the overview shows, read from the DOM. */
export interface OverviewDom {
  account: string | null;
  inbox: { id: string; kind: string; text: string }[];
  rooms: { roomId: string; shield: string; text: string }[];
}

export function readOverview(page: PageHandle): Promise<OverviewDom | undefined> {
  return page.evaluate(() => {
    if (!document.querySelector('[data-screen="overview"] .rooms-list .vrow')) return undefined;
    return {
      account: document.querySelector(".account-id")?.textContent ?? null,
      inbox: [...document.querySelectorAll<HTMLElement>('[data-list="inbox"] [data-finding-id]')].map((el) => ({
        id: el.dataset.findingId!,
        kind: el.dataset.kind!,
        text: el.textContent ?? "",
      })),
      rooms: [...document.querySelectorAll<HTMLElement>(".rooms-list .room-row")].map((el) => ({
        roomId: el.dataset.roomId!,
        shield: el.dataset.shield!,
        text: el.textContent ?? "",
      })),
    };
  }, undefined);
}

/** The severity order the inbox must keep: most severe first. */
const RANK: Record<string, number> = { critical: 3, warning: 2, notice: 1 };

/**
 * Checks the overview against the background's own report and the demo's known facts: the account,
 * as many problems in the inbox's heading and on the toolbar icon as the scenario's definition makes
 * (after `steps`), most severe first, Dave's unsigned tablet and Erin's missing identity among them,
 * every room in the audit's order with its shield, and "Not encrypted" where so.
 */
export async function checkOverview(page: PageHandle, report: AuditReport, steps: string[] = []): Promise<OverviewDom> {
  const dom = await waitFor("the overview with its rooms", () => readOverview(page));
  assert.equal(dom.account, report.account.userId);
  const ownTrusted = await page.evaluate(() => document.querySelector<HTMLElement>("[data-own-trusted]")?.dataset.ownTrusted, undefined);
  assert.equal(ownTrusted, "true", "the session, verified with the recovery key, trusts the account's identity");

  // The people the demo user verified are verified here, the others not (the scenario's known verdicts).
  const family = report.rooms.find((r) => r.name === "Family");
  const verdictOf = (userId: string) => family?.members.find((m) => m.userId === userId)?.verdict;
  assert.equal(verdictOf("@alice:localhost"), "verified");
  assert.equal(verdictOf("@grace:localhost"), "unverified");
  assert.equal(verdictOf("@frank:localhost"), "no-cross-signing");

  const open = report.rooms.flatMap((room) => room.findings.filter((f) => !f.acknowledged).map((f) => ({ ...f, room })));
  const problems = expectedProblems(popupScenario(), report.account.userId, steps).length;
  const heading = await page.evaluate(() => document.querySelector('[data-list="inbox"] h2')?.textContent ?? null, undefined);
  assert.match(heading ?? "", new RegExp(`\\(${problems} problems?\\)`), `the inbox's heading counts the scenario's ${problems} problems`);
  const shownCount = await page.evaluate(() => document.querySelector<HTMLElement>('[data-list="inbox"]')?.dataset.count ?? null, undefined);
  assert.equal(shownCount, String(problems), "the inbox lists one entry per problem");
  await waitFor(`the toolbar icon to count ${problems}`, async () => (await toolbarBadgeText(page)) === String(problems));
  const severities = dom.inbox.map((item) => open.find((f) => f.id === item.id)?.severity ?? "missing");
  assert.ok(!severities.includes("missing"), `inbox shows only open findings of the report: ${JSON.stringify(dom.inbox.map((i) => i.id))}`);
  for (let i = 1; i < severities.length; i++) assert.ok(RANK[severities[i - 1]!]! >= RANK[severities[i]!]!, `most severe first: ${severities}`);

  const daveTablet = open.find((f) => f.userId === "@dave:localhost" && f.deviceId === "DAVETABLET");
  assert.equal(daveTablet?.kind, "unsigned-device", "the audit reports Dave's unsigned tablet");
  assert.ok(open.some((f) => f.userId === "@erin:localhost" && f.kind === "user-without-cross-signing"), "the audit reports Erin without identity");

  assert.deepEqual(dom.rooms.map((r) => r.roomId), report.rooms.map((r) => r.roomId).slice(0, dom.rooms.length), "rooms in the audit's order");
  assert.equal(dom.rooms.length, report.rooms.length, "all five demo rooms are on screen");
  for (const row of dom.rooms) {
    const room = report.rooms.find((r) => r.roomId === row.roomId)!;
    assert.equal(row.shield, room.encrypted ? room.shield : "none", `shield of ${room.name}`);
    assert.ok(row.text.includes(room.name), `row shows the name ${room.name}`);
    assert.equal(row.text.includes("Not encrypted"), !room.encrypted, `${room.name}: "Not encrypted" only where so`);
  }
  const lobby = report.rooms.find((r) => r.name === "Public Lobby");
  assert.equal(lobby?.encrypted, false, "the demo's lobby is not encrypted");
  const dm = report.rooms.find((r) => r.name === "Alice");
  assert.equal(dm?.shield, "verified", "the direct chat with verified Alice has Element's verified shield");
  return dom;
}

/**
 * The settings' isolation card, as rendered: it says it governs only the extension's own session
 * (which never sends), and beside each mode what Element would do in the audited rooms, with the
 * figures the report's policy previews give.
 */
export async function checkIsolationCard(page: PageHandle, report: AuditReport): Promise<void> {
  const card = await waitFor("the isolation card", () =>
    page.evaluate(() => {
      const scope = document.querySelector<HTMLElement>("[data-policy-scope]");
      const effect = (p: string) => document.querySelector<HTMLElement>(`[data-policy-effect="${p}"]`)?.innerText.trim();
      if (!scope || !effect("only-cross-signed")) return undefined;
      const legend = scope.closest("fieldset")?.querySelector("legend")?.innerText ?? "";
      return { legend, scope: scope.innerText, shown: scope.getBoundingClientRect().height > 0, strict: effect("all-devices-strict"), signed: effect("only-cross-signed") };
    }, undefined),
  );
  assert.ok(card.shown);
  assert.doesNotMatch(card.legend, /who gets your messages/i);
  assert.match(card.legend, /own session/);
  assert.match(card.scope, /never sends messages/);
  assert.match(card.scope, /Element/);
  const rooms = report.rooms.filter((r) => r.encrypted);
  const excluded = rooms.reduce((n, r) => n + r.policyPreview.excludedDevices.length, 0);
  const signedFailing = rooms.filter((r) => r.policyPreview.onlySignedBlocked !== null || r.policyPreview.onlySignedFailingUsers.length > 0).length;
  const strictFailing = rooms.filter((r) => r.policyPreview.failingUsers.length > 0).length;
  assert.ok(card.signed!.startsWith(`${excluded} device`), `${card.signed} (${excluded} left out)`);
  if (signedFailing > 0) assert.match(card.signed!, new RegExp(`fail in ${signedFailing} room`));
  if (strictFailing > 0) assert.match(card.strict!, new RegExp(`fail in ${strictFailing} room`));
  else assert.match(card.strict!, /works in every room/);
}
