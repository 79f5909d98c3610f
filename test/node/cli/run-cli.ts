// Runs the `matrix-trust-auditor` command as a user would (the bin launcher, a child process) and
// watches the arguments of the child and its descendants (/proc/<pid>/cmdline) while it runs, so a
// test can tell whether a secret was ever visible in the process list.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const BIN = fileURLToPath(new URL("../../../bin/matrix-trust-auditor.mjs", import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every distinct command line (arguments joined by spaces) of the child and its descendants seen while it ran. */
  commandLines: Set<string>;
  /** The child's own command line was among them: the sampling saw it alive. */
  sawChild: boolean;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Run through another program (e.g. `script` for a terminal); gets the full argv. */
  wrap?: (argv: string[]) => string[];
  /** Called once the child is started (to write to its input). */
  started?: (child: ChildProcess, output: () => string) => void | Promise<void>;
  uid?: number;
  gid?: number;
  command?: string[];
  /** Working directory; the repository by default. */
  cwd?: string;
}

/** Command lines of process `root` and all its descendants now. */
export function treeCommandLines(root: number): string[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (name) state ppid …": the name may contain spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended meanwhile.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, depth = 0; p !== undefined && p > 1 && depth < 64; p = parent.get(p), depth++) if (p === root) return true;
    return false;
  };
  const out: string[] = [];
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim());
    } catch {
      // Ended meanwhile.
    }
  }
  return out;
}

/** Runs the command with `args`; the environment is the test's plus `env` (undefined removes a variable). */
export function runCli(args: string[], options: RunOptions = {}): Promise<Run> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...options.env })) if (v !== undefined) env[k] = v;
  const argv = options.command ?? [process.execPath, BIN, ...args];
  const full = options.wrap ? options.wrap(argv) : argv;
  return new Promise((resolve, reject) => {
    const child = spawn(full[0]!, full.slice(1), {
      cwd: options.cwd ?? ROOT,
      env,
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
    });
    let stdout = "";
    let stderr = "";
    const commandLines = new Set<string>();
    let sawChild = false;
    const childLine = argv.join(" ").trim();
    const sample = (): void => {
      if (child.pid === undefined) return;
      for (const line of treeCommandLines(child.pid)) {
        commandLines.add(line);
        if (line === childLine) sawChild = true;
      }
    };
    const sampler = setInterval(sample, 25);
    sample();
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (error) => {
      clearInterval(sampler);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(sampler);
      resolve({ code, stdout, stderr, commandLines, sawChild });
    });
    void Promise.resolve(options.started?.(child, () => stdout + stderr)).catch(reject);
  });
}

/** Fails unless `secret` is in none of the run's outputs and none of the command lines seen. */
export function secretNowhere(run: Run, secret: string): string | null {
  if (run.stdout.includes(secret)) return "standard output";
  if (run.stderr.includes(secret)) return "standard error";
  for (const line of run.commandLines) if (line.includes(secret)) return `a process argument (${line.slice(0, 120)})`;
  return null;
}
