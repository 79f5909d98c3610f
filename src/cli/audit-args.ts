/** Command-line arguments of `npm run audit`, checked up front so a mistake costs nothing. */
export type ReportFormat = "table" | "json" | "markdown";

export interface AuditArgs {
  homeserver: string;
  user: string;
  password: string;
  recoveryKey: string | null;
  roomId: string | null;
  format: ReportFormat;
}

export const USAGE =
  "Usage: npm run audit -- --homeserver URL --user @me:server --password P " +
  "[--recovery-key K] [--room !id:server] [--format table|json|markdown]";

export class UsageError extends Error {}

const FLAGS = new Set(["--homeserver", "--user", "--password", "--recovery-key", "--room", "--format"]);

export function parseAuditArgs(argv: readonly string[]): AuditArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!FLAGS.has(flag)) throw new UsageError(`Unknown argument "${arg}".`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value.`);
    if (values.has(flag)) throw new UsageError(`${flag} is given twice.`);
    values.set(flag, value);
  }
  const required = (flag: string): string => {
    const v = values.get(flag);
    if (v === undefined) throw new UsageError(`${flag} is required.`);
    return v;
  };
  const homeserver = required("--homeserver");
  if (!/^https?:\/\/[^/]+/.test(homeserver)) throw new UsageError("--homeserver must be an http:// or https:// URL.");
  const user = required("--user");
  if (!/^@[^:]+:.+$/.test(user)) throw new UsageError("--user must be a full Matrix ID such as @me:example.org.");
  const format = values.get("--format") ?? "table";
  if (format !== "table" && format !== "json" && format !== "markdown")
    throw new UsageError("--format must be table, json or markdown.");
  const roomId = values.get("--room") ?? null;
  if (roomId !== null && !/^!.+:.+$/.test(roomId)) throw new UsageError("--room must be a room ID such as !abc:example.org.");
  return {
    homeserver: homeserver.replace(/\/+$/, ""),
    user,
    password: required("--password"),
    recoveryKey: values.get("--recovery-key") ?? null,
    roomId,
    format,
  };
}
