// `npm test`: browsers and matrix-nio present? → typecheck → Node tests → build → web-ext lint → test build → browser tests.
// Stops at the first failing step and exits non-zero; nothing is skipped silently. The tests' log
// is one line per file (test/tools/test-reporter.mjs: failures in full, a passing file's own output
// kept out); the run ends with one summary: every step and every test file, its counts and its time.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { locateBrowser } from "./tools/browsers.mjs";
import { locateNioPython } from "./tools/nio-python.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const started = Date.now();
const TEST_TIMEOUT_MS = 300_000;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const REPORTER = "./test/tools/test-reporter.mjs";
const scratch = mkdtempSync(path.join(tmpdir(), "mta-npm-test-"));

/** @type {{ title: string, passed: boolean, seconds: number, files?: { file: string, pass: number, fail: number, durationMs: number }[] }[]} */
const steps = [];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function printSummary() {
  const lines = ["", "=== Summary"];
  for (const step of steps) {
    const counts = step.files
      ? `${step.files.reduce((n, f) => n + f.pass, 0)} passed, ${step.files.reduce((n, f) => n + f.fail, 0)} failed`
      : step.passed ? "passed" : "FAILED";
    lines.push(`${step.passed ? "✔" : "✖"} ${step.title.padEnd(44)} ${counts.padEnd(24)} ${seconds(step.seconds * 1000).padStart(9)}`);
    for (const file of step.files ?? []) {
      const fileCounts = `${file.pass} passed${file.fail ? `, ${file.fail} FAILED` : ""}`;
      lines.push(`    ${file.fail ? "✖" : " "} ${file.file.padEnd(58)} ${fileCounts.padEnd(20)} ${seconds(file.durationMs).padStart(9)}`);
    }
  }
  console.log(lines.join("\n"));
}

function finish(code, message) {
  printSummary();
  rmSync(scratch, { recursive: true, force: true });
  if (code === 0) console.log(`\nnpm test passed in ${seconds(Date.now() - started)}`);
  else console.error(`\nnpm test failed: ${message}`);
  process.exit(code);
}

const fail = (message) => finish(1, message);

/** Runs one step; `summaryFile` is where a test step's reporter leaves its per-file counts. */
function run(title, command, args, summaryFile) {
  console.log(`\n=== ${title}: ${[command, ...args].join(" ")}`);
  const stepStarted = Date.now();
  const env = summaryFile ? { ...process.env, TEST_SUMMARY_FILE: summaryFile } : process.env;
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  const step = { title, passed: !result.error && result.status === 0, seconds: (Date.now() - stepStarted) / 1000 };
  if (summaryFile) {
    try {
      step.files = JSON.parse(readFileSync(summaryFile, "utf8"));
    } catch {
      // No summary: the runner stopped before its reporter finished; the step's status says why.
    }
  }
  steps.push(step);
  if (result.error) fail(`${title} could not start (${result.error.message}).`);
  if (result.status !== 0) fail(`${title} failed (exit ${result.status ?? result.signal}).`);
  console.log(`=== ${title} passed in ${seconds(Date.now() - stepStarted)}`);
}

/** test/<dir>/**\/*.test.ts, sorted; Node 20's --test takes file names, not globs. */
function testFiles(dir) {
  const found = [];
  const walk = (absolute) => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      const child = path.join(absolute, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(".test.ts")) found.push(path.relative(root, child));
    }
  };
  walk(path.join(root, dir));
  return found.sort();
}

function runTests(title, dir) {
  const files = testFiles(dir);
  if (files.length === 0) fail(`no ${dir}/**/*.test.ts files found.`);
  const summaryFile = path.join(scratch, `${dir.replace(/\W+/g, "-")}.json`);
  run(
    `${title} (${files.length} files)`,
    process.execPath,
    [
      "--import",
      "./src/cli/register.mjs",
      "--test",
      "--test-concurrency=1",
      // A hung test fails after this long instead of holding CI until its own limit.
      `--test-timeout=${TEST_TIMEOUT_MS}`,
      `--test-reporter=${REPORTER}`,
      "--test-reporter-destination=stdout",
      ...files,
    ],
    summaryFile,
  );
}

const missing = [...["chromium", "firefox"].map(locateBrowser), locateNioPython()].filter((found) => "error" in found);
if (missing.length > 0) fail(missing.map((found) => found.error).join("\n"));

run("Typecheck", process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json"]);
runTests("Node tests", "test/node");
run("Build", npm, ["run", "--silent", "build"]);
// What addons.mozilla.org would say about the Firefox build: no errors and no warnings allowed.
run("Firefox lint", npm, ["run", "--silent", "lint:firefox", "--", "--warnings-as-errors", "--output=text"]);
// dist-test/: the shipped build, plus http://127.0.0.1/* for the content script (the tests' local pages).
run("Test build", npm, ["run", "--silent", "build:test"]);
runTests("Browser tests", "test/browser");
finish(0);
