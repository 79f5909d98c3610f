// `npm test`: browsers and matrix-nio present? → typecheck → Node tests → build → web-ext lint → test build → browser tests.
// Stops at the first failing step and exits non-zero; nothing is skipped silently.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { locateBrowser } from "./tools/browsers.mjs";
import { locateNioPython } from "./tools/nio-python.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const started = Date.now();
const TEST_TIMEOUT_MS = 300_000;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function fail(message) {
  console.error(`\nnpm test failed: ${message}`);
  process.exit(1);
}

function run(title, command, args) {
  console.log(`\n=== ${title}: ${[command, ...args].join(" ")}`);
  const stepStarted = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.error) fail(`${title} could not start (${result.error.message}).`);
  if (result.status !== 0) fail(`${title} failed (exit ${result.status ?? result.signal}).`);
  console.log(`=== ${title} passed in ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`);
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
  run(`${title} (${files.length} files)`, process.execPath, [
    "--import",
    "./src/cli/register.mjs",
    "--test",
    "--test-concurrency=1",
    // A hung test fails after this long instead of holding CI until its own limit.
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    ...files,
  ]);
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
console.log(`\nnpm test passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
