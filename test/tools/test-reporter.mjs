// The test log of `npm test`: one line per test file (passed/failed tests, time), every failure in
// full, and a file's own output (console lines, the errors its tests provoke on purpose: a refused
// request, a failing store) only when that file fails — a passing run stays quiet and readable.
// With TEST_SUMMARY_FILE set, it also writes each file's counts and time there as JSON, for the
// summary test/run-all.mjs prints at the end.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { inspect } from "node:util";

const root = process.cwd();
const relative = (file) => (file ? path.relative(root, file) : "(no file)");
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The useful part of a failure: the assertion or error inside the test runner's wrapper. */
function describeError(error) {
  const inner = error?.code === "ERR_TEST_FAILURE" && error.cause ? error.cause : error;
  if (inner instanceof Error) {
    const stack = (inner.stack ?? `${inner.name}: ${inner.message}`)
      .split("\n")
      .filter((line) => !line.includes("node:internal/") && !line.includes("node:async_hooks"))
      .join("\n");
    return stack;
  }
  return inspect(inner, { depth: 4 });
}

const indent = (text, by) => text.replace(/^/gm, " ".repeat(by));

export default async function* quietReporter(source) {
  /** @type {Map<string, { pass: number, fail: number, durationMs: number, output: string[], failures: string[], names: string[] }>} */
  const files = new Map();
  /** The test file running now (files run one at a time): a test defined in a shared *.cases.ts reports that file, not the test file. */
  let running;
  const fileOf = (file) => {
    const key = relative(running ?? file);
    if (!files.has(key)) files.set(key, { pass: 0, fail: 0, durationMs: 0, output: [], failures: [], names: [] });
    return files.get(key);
  };

  for await (const event of source) {
    const data = event.data ?? {};
    const isFileLevel = data.nesting === 0 && data.file && data.name === data.file;
    if (event.type === "test:dequeue" && isFileLevel) running = data.file;
    switch (event.type) {
      case "test:stdout":
      case "test:stderr":
        fileOf(data.file).output.push(data.message);
        break;
      case "test:start":
        // The names above a failing test, so its failure can say where it is.
        fileOf(data.file).names[data.nesting] = data.name;
        break;
      case "test:pass":
      case "test:fail": {
        const entry = fileOf(data.file);
        if (isFileLevel || data.details?.type === "suite") {
          // A suite or file failing only because its tests failed adds nothing; anything else (a failing before hook, a crash) is a failure of its own.
          const reason = data.details?.error;
          if (event.type === "test:fail" && reason && reason.failureType !== "subtestsFailed") {
            entry.fail++;
            entry.failures.push(`${[...entry.names.slice(0, data.nesting), data.name].join(" › ")}\n${indent(describeError(reason), 4)}`);
          }
          break;
        }
        if (event.type === "test:pass") entry.pass++;
        else {
          entry.fail++;
          entry.failures.push(`${[...entry.names.slice(0, data.nesting), data.name].join(" › ")}\n${indent(describeError(data.details?.error), 4)}`);
        }
        break;
      }
      case "test:complete":
        // The file as a whole (it ran in its own process): its time, and the moment to print it.
        if (isFileLevel) {
          const entry = fileOf(data.file);
          entry.durationMs = data.details?.duration_ms ?? 0;
          const failed = entry.fail > 0 || data.details?.passed === false;
          if (failed && entry.fail === 0) {
            entry.fail++;
            entry.failures.push(`the file itself\n${indent(describeError(data.details?.error), 4)}`);
          }
          yield `${failed ? "✖" : "✔"} ${relative(data.file)}  ${entry.pass} passed${entry.fail ? `, ${entry.fail} FAILED` : ""}  ${seconds(entry.durationMs)}\n`;
          if (failed) {
            for (const failure of entry.failures) yield `${indent(`✖ ${failure}`, 4)}\n`;
            const output = entry.output.join("");
            if (output.trim()) yield `${indent(`Output of ${relative(data.file)} (including errors its tests provoke on purpose):\n${output.trimEnd()}`, 4)}\n`;
          } else if (entry.output.length > 0) {
            const count = entry.output.join("").trimEnd().split("\n").length;
            yield `    (${count} line${count === 1 ? "" : "s"} of output, such as errors its tests provoke on purpose, shown only when the file fails)\n`;
          }
          running = undefined;
        }
        break;
      default:
        break;
    }
  }

  const summaryFile = process.env.TEST_SUMMARY_FILE;
  if (summaryFile) {
    const summary = [...files].map(([file, entry]) => ({ file, pass: entry.pass, fail: entry.fail, durationMs: entry.durationMs }));
    writeFileSync(summaryFile, JSON.stringify(summary, null, 2));
  }
}
