/**
 * What goes to standard output: the report in the chosen format and, after it, what changed since
 * the last run and how to acknowledge what is still open. JSON is one object (the report, plus
 * `sinceLastRun`), so it always parses.
 */
import type { SinceLastRun } from "../core/report-changes.ts";
import { SEVERITY_RANK, type AuditReport, type Finding, type Severity } from "../core/verdicts.ts";
import type { ReportFormat } from "./args.ts";
import { formatMarkdown, formatTable, plain } from "./format-report.ts";
import { PROGRAM } from "./args.ts";

/** Findings not yet acknowledged at or above `failOn`, each once (a finding's id is per room). */
export function openFindings(report: AuditReport, failOn: Severity): Finding[] {
  const open = new Map<string, Finding>();
  for (const room of report.rooms)
    for (const f of room.findings) if (!f.acknowledged && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) open.set(f.id, f);
  return [...open.values()];
}

export function render(report: AuditReport, since: SinceLastRun, format: ReportFormat, failOn: Severity): string {
  if (format === "json") return JSON.stringify({ ...report, sinceLastRun: since }, null, 2) + "\n";
  const open = openFindings(report, failOn);
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

function tableTail(report: AuditReport, since: SinceLastRun, open: Finding[]): string {
  const lines = ["", ...sinceLines(since)];
  if (open.length > 0) {
    lines.push("", `Not yet acknowledged (${open.length}); after looking at them: ${ackCommand(report)} --all, or one by one with these IDs:`);
    for (const f of open) lines.push(`  ${shellQuoted(f.id)}`);
  }
  return lines.join("\n") + "\n";
}

function markdownTail(report: AuditReport, since: SinceLastRun, open: Finding[]): string {
  const lines = ["", "## Since the last run", "", ...sinceLines(since).map((l) => l.replace(/[\\`*_{}[\]<>#+!|~]/g, (c) => `\\${c}`))];
  if (open.length > 0) {
    lines.push("", "## Not yet acknowledged", "", `Acknowledge with \`${ackCommand(report)} ID…\` (or \`--all\`):`, "");
    for (const f of open) lines.push(`- \`${plain(f.id).replace(/`/g, "'")}\``);
  }
  return lines.join("\n") + "\n";
}

/** A finding ID as one shell word (IDs are JSON, with quotes and brackets), made safe to print. */
function shellQuoted(id: string): string {
  return `'${plain(id).replace(/'/g, "'\\''")}'`;
}
