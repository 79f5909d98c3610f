/**
 * What goes to standard output: the report in the chosen format and, after it, what changed since
 * the last run and how to acknowledge what is still open. JSON is one object (the report, plus
 * `sinceLastRun`), so it always parses.
 */
import type { Problem } from "../core/problems.ts";
import type { SinceLastRun } from "../core/report-changes.ts";
import { titleOf } from "../core/report-text.ts";
import { SEVERITY_RANK, type AuditReport, type Severity } from "../core/verdicts.ts";
import type { ReportFormat } from "./args.ts";
import { formatMarkdown, formatTable, plain } from "./format-report.ts";
import { PROGRAM } from "./args.ts";

/** Problems (what the user deals with) not yet acknowledged, of severity `failOn` or higher: exit status 1. */
export function openProblems(report: AuditReport, failOn: Severity): Problem[] {
  return report.problems.filter((p) => !p.acknowledged && SEVERITY_RANK[p.severity] >= SEVERITY_RANK[failOn]);
}

export function render(report: AuditReport, since: SinceLastRun, format: ReportFormat, failOn: Severity): string {
  if (format === "json") return JSON.stringify({ ...report, sinceLastRun: since }, null, 2) + "\n";
  const open = openProblems(report, failOn);
  if (format === "markdown") return formatMarkdown(report) + markdownTail(report, since, open);
  return formatTable(report) + tableTail(report, since, open);
}

function sinceLines(since: SinceLastRun): string[] {
  if (since.previousRunAt === null)
    return ["First run with this state: this report is the baseline. Later runs report what changed since the previous one."];
  const at = new Date(since.previousRunAt).toISOString();
  if (since.changes.length === 0 && since.newFindings.length === 0) return [`Nothing changed since the last run (${at}).`];
  return [
    `Since the last run (${at}): ${since.newFindings.length} new finding(s)${since.changes.length > 0 ? "; changes:" : "."}`,
    ...since.changes.map((c) => `- ${plain(c.detail)}`),
  ];
}

function ackCommand(report: AuditReport): string {
  return `${PROGRAM} ack --user ${report.account.userId}`;
}

function tableTail(report: AuditReport, since: SinceLastRun, open: Problem[]): string {
  const lines = ["", ...sinceLines(since)];
  if (open.length > 0) {
    lines.push("", `Not yet acknowledged (${open.length}); after looking at them: ${ackCommand(report)} --all, or one by one with these IDs:`);
    for (const p of open) lines.push(`  ${plain(titleOf(p, report.rooms))}`, `    ${shellQuoted(p.id)}`);
  }
  return lines.join("\n") + "\n";
}

function markdownTail(report: AuditReport, since: SinceLastRun, open: Problem[]): string {
  const lines = ["", "## Since the last run", "", ...sinceLines(since).map(mdEscape)];
  if (open.length > 0) {
    lines.push("", "## Not yet acknowledged", "", `Acknowledge with \`${ackCommand(report)} ID…\` (or \`--all\`):`, "");
    for (const p of open) lines.push(`- ${mdEscape(titleOf(p, report.rooms))}: \`${plain(p.id).replace(/`/g, "'")}\``);
  }
  return lines.join("\n") + "\n";
}

function mdEscape(text: string): string {
  return plain(text).replace(/[\\`*_{}[\]<>#+!|~]/g, (c) => `\\${c}`);
}

/** A problem or finding ID as one shell word (IDs are JSON, with quotes and brackets), made safe to print. */
function shellQuoted(id: string): string {
  return `'${plain(id).replace(/'/g, "'\\''")}'`;
}
