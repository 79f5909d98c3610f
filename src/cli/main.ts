/**
 * `matrix-trust-auditor` (bin/matrix-trust-auditor.mjs; `npm run audit`): the command line's entry.
 * Exit status: 0 nothing open at or above --fail-on, 1 something open, 2 error (message on standard
 * error), 130/143 interrupted. Whatever happens, the temporary device is deleted and the state
 * unlocked before the process ends.
 */
import { HELP, parseArgs, UsageError, type Args } from "./args.ts";
import { processConsole, type Console } from "./console.ts";

/** Library chatter goes to the console; the command line speaks through stdout and stderr only. */
function silenceLibraryLogs(): void {
  const nothing = (): void => undefined;
  Object.assign(console, { log: nothing, info: nothing, debug: nothing, trace: nothing, warn: nothing, error: nothing });
}

export async function main(argv: readonly string[], io: Console = processConsole()): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.note(`Error: ${error.message}\nRun matrix-trust-auditor --help for every option.`);
    return 2;
  }
  if (args.command === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  silenceLibraryLogs();
  // Loaded only now: matrix-js-sdk and the crypto take seconds to load, and --help or a typing mistake should not wait for them.
  const [{ runAck }, { errorText }, { openProblems, render }, { runAudit }, { Interrupted }] = await Promise.all([
    import("./ack.ts"),
    import("./errors.ts"),
    import("./output.ts"),
    import("./run-audit.ts"),
    import("./secrets.ts"),
  ]);
  const cleanups = new Set<() => Promise<void>>();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = true;
    io.progress(null);
    io.note(`Interrupted (${signal}): deleting the temporary device and releasing the state…`);
    void Promise.allSettled([...cleanups].map((c) => c())).finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (args.command === "ack") {
      await runAck(args, io);
      return 0;
    }
    const { report, since } = await runAudit(args, io, cleanups);
    process.stdout.write(render(report, since, args.format, args.failOn));
    return openProblems(report, args.failOn).length > 0 ? 1 : 0;
  } catch (error) {
    io.progress(null);
    if (error instanceof Interrupted || interrupted) return 130;
    io.note(`Error: ${errorText(error)}`);
    return 2;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
