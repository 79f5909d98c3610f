/**
 * `npm run audit`: audits an account's encrypted rooms from a fresh, temporary session and prints
 * the report. Exit status: 0 no warning or critical findings, 1 some, 2 error (message on stderr).
 */
import { pathToFileURL } from "node:url";
import { Auditor } from "../core/auditor.ts";
import type { AuditReport } from "../core/verdicts.ts";
import { parseAuditArgs, USAGE, UsageError, type AuditArgs } from "./audit-args.ts";
import { CliError, errorText, restoreCrossSigning, signIn, signOut, startCrypto, syncOnce, type Session } from "./audit-session.ts";
import { formatMarkdown, formatTable } from "./format-report.ts";

export async function runAudit(args: AuditArgs, log: (line: string) => void): Promise<AuditReport> {
  const session = await signIn(args.homeserver, args.user, args.password);
  try {
    await startCrypto(session.client);
    await syncOnce(session.client);
    const problem = await restoreCrossSigning(session, args.recoveryKey);
    if (problem) log(`Note: ${problem}`);
    const auditor = new Auditor(session.client, args.roomId ? { roomIds: [args.roomId] } : {});
    return await auditor.fullAudit();
  } finally {
    await signOut(session.client).catch((error) => log(`Warning: signing out failed, delete the device by hand: ${errorText(error)}`));
  }
}

export function hasProblems(report: AuditReport): boolean {
  return report.rooms.some((r) => r.findings.some((f) => !f.acknowledged && f.severity !== "notice"));
}

export function render(report: AuditReport, format: AuditArgs["format"]): string {
  if (format === "json") return JSON.stringify(report, null, 2) + "\n";
  return format === "markdown" ? formatMarkdown(report) : formatTable(report);
}

/** Library chatter goes to the console; the command line speaks through stdout and stderr only. */
function silenceLibraryLogs(): void {
  const nothing = (): void => undefined;
  Object.assign(console, { log: nothing, info: nothing, debug: nothing, trace: nothing, warn: nothing });
}

async function main(): Promise<number> {
  silenceLibraryLogs();
  let args: AuditArgs;
  try {
    args = parseAuditArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`Error: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  try {
    const report = await runAudit(args, (line) => process.stderr.write(line + "\n"));
    process.stdout.write(render(report, args.format));
    return hasProblems(report) ? 1 : 0;
  } catch (error) {
    const prefix = error instanceof CliError ? "" : "the audit failed: ";
    process.stderr.write(`Error: ${prefix}${errorText(error)}\n`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`Error: ${errorText(error)}\n`);
      process.exit(2);
    },
  );
}
