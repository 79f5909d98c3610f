/**
 * The command line's arguments, checked up front so a mistake costs nothing. Two commands:
 * `audit` (the default) and `ack FINDING_ID…`. Secrets are not arguments here: see secrets.ts.
 */
import type { Severity } from "../core/verdicts.ts";

export type ReportFormat = "table" | "json" | "markdown";

interface Common {
  user: string;
  /** Null: the default state directory. */
  stateDir: string | null;
}

export interface AuditArgs extends Common {
  command: "audit";
  /** A URL or a server name; null: the server name of the user ID. Resolved like the extension does. */
  homeserver: string | null;
  passwordFile: string | null;
  /** Given on the command line (warned about). */
  password: string | null;
  recoveryKeyFile: string | null;
  recoveryKey: string | null;
  roomId: string | null;
  format: ReportFormat;
  failOn: Severity;
}

export interface AckArgs extends Common {
  command: "ack";
  findingIds: string[];
  all: boolean;
}

export type Args = AuditArgs | AckArgs | { command: "help" };

export class UsageError extends Error {}

export const PROGRAM = "matrix-trust-auditor";

export const HELP = `Usage:
  ${PROGRAM} [audit] --user @me:example.org [options]
  ${PROGRAM} ack --user @me:example.org ID… | --all

Audits the end-to-end-encrypted rooms of a Matrix account from a temporary session of its own (a
new device, cross-signed by your digital identity when you give the recovery key, deleted at the
end), and reports who and what can read each room and what changed since the last run.

Audit options:
  --user ID               Your full Matrix ID, e.g. @me:example.org (required).
  --homeserver SERVER     Server name (example.org, found through .well-known) or URL
                          (https://matrix.example.org). Default: the server name of --user.
  --room ROOM_ID          Audit only this room (!abc:example.org).
  --format FORMAT         table (default), json or markdown. Only the report goes to standard
                          output; notes and progress go to standard error.
  --fail-on SEVERITY      Exit 1 when a problem of this severity or higher is not yet
                          acknowledged: critical, warning (default) or notice.
  --state-dir DIR         Where the records are kept between runs (one file per account).
                          Default: $XDG_STATE_HOME/matrix-trust-auditor, else
                          ~/.local/state/matrix-trust-auditor. An explicit DIR must exist.
  --password-file FILE    Read the password from FILE (its first line).
  --recovery-key-file FILE  Read the recovery key (or passphrase) from FILE.
  --password P, --recovery-key K
                          Also accepted, but other users of this computer can read them in the
                          process list: prefer the environment, a file or the prompt.
  -h, --help              This text.

Secrets: the password comes from --password-file, else MATRIX_PASSWORD, else a prompt (without
echo) when standard input is a terminal. The recovery key likewise from --recovery-key-file,
MATRIX_RECOVERY_KEY or a prompt (Enter skips it). Without the recovery key the session cannot
tell which people and devices your account verified.

Acknowledging:
  ${PROGRAM} ack --user ID [--state-dir DIR] ID…
                          Marks problems (all their findings) or single findings as seen, so
                          they no longer make the exit status 1. The IDs are listed after the
                          table, and are the "id" of "problems" and of findings in JSON.
  ${PROGRAM} ack --user ID --all
                          Acknowledges every finding of the last run not yet acknowledged.

Exit status:
  0  no problem at or above --fail-on that you have not acknowledged
  1  a problem at or above --fail-on not yet acknowledged
  2  error: bad arguments, sign-in or server problem, state directory unusable (message on
     standard error; the state is left as it was)
  130  interrupted (the temporary device is still deleted)

Examples:
  MATRIX_PASSWORD=… MATRIX_RECOVERY_KEY=… ${PROGRAM} --user @me:example.org
      Audit every encrypted room; the first run is the baseline, later ones report changes.
  ${PROGRAM} --user @me:example.org --password-file ~/.mta-password \\
      --format json > report.json
  ${PROGRAM} --user @me:example.org --homeserver matrix.example.org \\
      --room '!abc:example.org' --format markdown
  ${PROGRAM} ack --user @me:example.org \\
      '["identity","@bob:example.org",null,"…"]'
  ${PROGRAM} --user @me:example.org --fail-on critical || notify-me
      From cron: exit 1 only for critical problems you have not acknowledged.
`;

const AUDIT_FLAGS = new Set([
  "--user", "--homeserver", "--room", "--format", "--fail-on", "--state-dir",
  "--password-file", "--recovery-key-file", "--password", "--recovery-key",
]);
const ACK_FLAGS = new Set(["--user", "--state-dir"]);
const SEVERITIES: readonly Severity[] = ["critical", "warning", "notice"];

export function parseArgs(argv: readonly string[]): Args {
  if (argv.includes("--help") || argv.includes("-h")) return { command: "help" };
  const command = argv[0] === "ack" ? "ack" : "audit";
  const rest = argv[0] === "ack" || argv[0] === "audit" ? argv.slice(1) : argv;
  const allowed = command === "ack" ? ACK_FLAGS : AUDIT_FLAGS;
  const values = new Map<string, string>();
  const positional: string[] = [];
  let all = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (command === "ack" && arg === "--all") {
      all = true;
      continue;
    }
    if (command === "ack" && !arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!allowed.has(flag))
      throw new UsageError(arg.startsWith("-") ? `Unknown option "${arg}" for ${command}.` : `Unexpected argument "${arg}".`);
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value.`);
    if (values.has(flag)) throw new UsageError(`${flag} is given twice.`);
    values.set(flag, value);
  }
  const user = values.get("--user");
  if (user === undefined) throw new UsageError("--user is required.");
  if (!/^@[^:]+:.+$/.test(user)) throw new UsageError("--user must be a full Matrix ID such as @me:example.org.");
  const stateDir = values.get("--state-dir") ?? null;
  if (command === "ack") {
    if (all && positional.length > 0) throw new UsageError("Give finding IDs or --all, not both.");
    if (!all && positional.length === 0) throw new UsageError("ack needs the IDs of the problems or findings to acknowledge (or --all).");
    return { command, user, stateDir, findingIds: positional, all };
  }
  const format = values.get("--format") ?? "table";
  if (format !== "table" && format !== "json" && format !== "markdown") throw new UsageError("--format must be table, json or markdown.");
  const failOn = values.get("--fail-on") ?? "warning";
  if (!SEVERITIES.includes(failOn as Severity)) throw new UsageError("--fail-on must be critical, warning or notice.");
  const roomId = values.get("--room") ?? null;
  if (roomId !== null && !/^!.+:.+$/.test(roomId)) throw new UsageError("--room must be a room ID such as !abc:example.org.");
  for (const [a, b] of [["--password", "--password-file"], ["--recovery-key", "--recovery-key-file"]] as const)
    if (values.has(a) && values.has(b)) throw new UsageError(`Give ${a} or ${b}, not both.`);
  return {
    command,
    user,
    stateDir,
    homeserver: values.get("--homeserver") ?? null,
    passwordFile: values.get("--password-file") ?? null,
    password: values.get("--password") ?? null,
    recoveryKeyFile: values.get("--recovery-key-file") ?? null,
    recoveryKey: values.get("--recovery-key") ?? null,
    roomId,
    format,
    failOn: failOn as Severity,
  };
}
