/**
 * The problems a scenario must produce for its signed-in account, worked out from the scenario's
 * definition alone (people, devices, who verified whom, the steps applied) by the rules of
 * docs/report.md — never from the audit's output. Tests compare every count the product shows
 * (popup header, toolbar, command-line table and Markdown) with these numbers.
 *
 * Covers what the demo scenarios use: people with and without a digital identity, devices their
 * owner did not sign, added devices and identity resets. The account's own devices are taken as
 * verified (the tests verify the session with the recovery key first).
 */
import type { Severity } from "../../src/core/verdicts.ts";
import type { Scenario, ScenarioDevice } from "../homeserver/index.ts";

export interface ExpectedProblem {
  /** Who and what: "@bob:localhost identity", "@alice:localhost ALICENEW". */
  subject: string;
  severity: Severity;
}

const RANK: Record<Severity, number> = { critical: 3, warning: 2, notice: 1 };

export function expectedProblems(scenario: Scenario, account: string, stepsApplied: readonly string[]): ExpectedProblem[] {
  const me = scenario.users.find((u) => u.id === account);
  if (!me) throw new Error(`${account} is not in the scenario`);
  const verified = new Set(me.verified ?? []);
  // People sharing an encrypted room with the account (joined or invited: room keys go to both).
  const people = new Set<string>();
  for (const room of scenario.rooms ?? []) {
    if (!room.encrypted) continue;
    const members = [room.creator, ...(room.members ?? []), ...(room.invited ?? [])];
    if (!members.includes(account)) continue;
    for (const m of members) if (m !== account) people.add(m);
  }
  const added = new Map<string, ScenarioDevice[]>();
  const reset = new Set<string>();
  for (const step of stepsApplied)
    for (const action of scenario.steps?.[step] ?? []) {
      if (action.action === "addDevice") added.set(action.user, [...(added.get(action.user) ?? []), action.device]);
      else if (action.action === "resetIdentity") reset.add(action.user);
      else throw new Error(`expectedProblems does not model the action ${action.action}`);
    }

  const problems: ExpectedProblem[] = [];
  for (const userId of people) {
    const user = scenario.users.find((u) => u.id === userId)!;
    if (user.crossSigning === false) {
      // No digital identity: one problem for the person, whatever their devices.
      problems.push({ subject: `${userId} no-identity`, severity: "notice" });
      continue;
    }
    if (reset.has(userId)) {
      // A verified person's new identity contradicts the account's trust; otherwise it is a change to look at.
      problems.push({ subject: `${userId} identity`, severity: verified.has(userId) ? "critical" : "warning" });
      if (verified.has(userId)) continue; // their devices are moot until the identity is dealt with
    }
    const devices = [...(user.devices ?? []).map((d) => ({ d, isNew: false })), ...(added.get(userId) ?? []).map((d) => ({ d, isNew: true }))];
    for (const { d, isNew } of devices) {
      if (d.keys === false) continue;
      const unsigned = d.signedByOwner === false;
      const severities: Severity[] = [];
      if (unsigned) severities.push(verified.has(userId) ? "critical" : "notice");
      if (isNew && (unsigned || !verified.has(userId))) severities.push("warning");
      if (severities.length === 0) continue;
      const severity = severities.reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
      problems.push({ subject: `${userId} ${d.id}`, severity });
    }
  }
  return problems;
}

/** Counts per severity, as the report's `summary.problems` has them (all unacknowledged). */
export function expectedCounts(problems: readonly ExpectedProblem[]): Record<Severity, number> & { unacknowledged: number } {
  const counts = { critical: 0, warning: 0, notice: 0, unacknowledged: problems.length };
  for (const p of problems) counts[p.severity]++;
  return counts;
}
