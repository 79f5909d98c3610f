/**
 * The password and the recovery key, kept off the command line and off the screen: from a file,
 * from the environment (removed from it once read), or typed at a prompt that does not echo. Given
 * as arguments they still work, with a warning: other users of the computer see arguments.
 */
import { readFileSync } from "node:fs";
import type { AuditArgs } from "./args.ts";
import { CliError } from "./errors.ts";

export interface Secrets {
  password: string;
  /** Null: none given (the session then cannot tell whom the account verified). */
  recoveryKey: string | null;
}

export interface SecretSources {
  env: NodeJS.ProcessEnv;
  /** Standard input, when it is a terminal we may prompt on. */
  terminal: NodeJS.ReadStream | null;
  /** Where prompts and warnings are written (standard error). */
  say: (text: string) => void;
}

const VISIBLE_WARNING = (flag: string, env: string, file: string): string =>
  `Warning: ${flag} on the command line can be read by other users of this computer (process list, shell history). ` +
  `Use ${env}, ${file} or the prompt instead.`;

export async function readSecrets(args: AuditArgs, sources: SecretSources): Promise<Secrets> {
  const password = await readOne({
    fromFile: args.passwordFile,
    fromArgs: args.password,
    envName: "MATRIX_PASSWORD",
    flag: "--password",
    fileFlag: "--password-file",
    prompt: `Password for ${args.user}: `,
    sources,
  });
  if (password === null || password === "")
    throw new CliError("No password: set MATRIX_PASSWORD, use --password-file FILE, or run in a terminal to be asked for it.");
  const recoveryKey = await readOne({
    fromFile: args.recoveryKeyFile,
    fromArgs: args.recoveryKey,
    envName: "MATRIX_RECOVERY_KEY",
    flag: "--recovery-key",
    fileFlag: "--recovery-key-file",
    prompt: "Recovery key (Enter to skip): ",
    sources,
  });
  return { password, recoveryKey: recoveryKey === null || recoveryKey.trim() === "" ? null : recoveryKey };
}

async function readOne(o: {
  fromFile: string | null;
  fromArgs: string | null;
  envName: string;
  flag: string;
  fileFlag: string;
  prompt: string;
  sources: SecretSources;
}): Promise<string | null> {
  const fromEnv = o.sources.env[o.envName];
  // Read once, then gone: nothing started later (or a crash report) inherits it.
  delete o.sources.env[o.envName];
  if (o.fromFile !== null) return readSecretFile(o.fromFile, o.fileFlag);
  if (o.fromArgs !== null) {
    o.sources.say(VISIBLE_WARNING(o.flag, o.envName, o.fileFlag) + "\n");
    return o.fromArgs;
  }
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (o.sources.terminal) return promptHidden(o.sources.terminal, o.prompt, o.sources.say);
  return null;
}

function readSecretFile(path: string, flag: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(`${flag}: cannot read ${path} (${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(code ?? error)}).`);
  }
  return text.split(/\r?\n/)[0]!;
}

export class Interrupted extends Error {}

/** Reads a line from the terminal without echoing it. Ctrl-C interrupts; Backspace works. */
export function promptHidden(input: NodeJS.ReadStream, prompt: string, say: (text: string) => void): Promise<string> {
  say(prompt);
  return new Promise((resolve, reject) => {
    let typed = "";
    const wasRaw = input.isRaw;
    input.setRawMode(true);
    input.setEncoding("utf8");
    const done = (finish: () => void): void => {
      input.off("data", onData);
      input.setRawMode(wasRaw);
      input.pause();
      say("\n");
      finish();
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done(() => resolve(typed));
        if (ch === "\u0003") return done(() => reject(new Interrupted("interrupted at the prompt")));
        if (ch === "\u0004") {
          if (typed === "") return done(() => resolve(""));
          continue;
        }
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else if (ch >= " ") typed += ch;
      }
    };
    input.on("data", onData);
    input.resume();
  });
}
