/**
 * The repository is self-contained: nothing in src/, test/, build.mjs or package.json names a file
 * outside it (the ../shared reference folder of one machine) or an absolute path of one machine
 * (a checkout folder, a home directory). Data the tests need is vendored in test/vendor/ with its
 * licence and source.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const SCANNED = ["src", "test", "build.mjs", "package.json"];
const TEXT = /\.(ts|tsx|mjs|js|cjs|json|md|yaml|yml|html|css|py|sh)$/;

/** What makes a reference machine-specific; each rule names itself in the failure. */
const RULES: { name: string; pattern: RegExp }[] = [
  { name: "a reference to ../shared (outside the repository)", pattern: /\.\.[/\\]+shared\b/ },
  // Not after a host name or another path segment, so URLs like https://example.org/home/ pass.
  { name: "an absolute path of one machine", pattern: /(?<![\w.:/~-])\/(?:work|home|Users|root|mnt)\/[\w.-]/ },
  { name: "an absolute Windows path", pattern: /(?<![\w])[A-Za-z]:\\(?:Users|work|home)\\/ },
];

/** The machine-specific references in one text, as "line N: rule: excerpt". */
export function machineSpecificReferences(text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, index) => {
    for (const rule of RULES) {
      const match = rule.pattern.exec(line);
      if (match) found.push(`line ${index + 1}: ${rule.name}: ${line.trim().slice(0, 160)}`);
    }
  });
  return found;
}

function filesUnder(relative: string): string[] {
  const absolute = path.join(root, relative);
  if (TEXT.test(relative)) return [relative];
  const found: string[] = [];
  for (const entry of readdirSync(absolute, { withFileTypes: true })) {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(child));
    else if (TEXT.test(entry.name)) found.push(child);
  }
  return found;
}

test("the rules catch what they are for, and let ordinary paths and URLs through", () => {
  const bad = [
    'export const SPEC_DIR = "/work/shared/matrix-spec";',
    "const vectors = readFileSync('../shared/peer-vectors/x.json');",
    "// loaded from ../../shared/element-web-markup",
    "unpackedExtensionId(`/home/ann/project/dist`)",
    'const where = "/Users/ben/checkout";',
    "const dir = '/root/extension';",
    String.raw`const windows = "C:\Users\ann\project";`,
  ];
  for (const line of bad) assert.equal(machineSpecificReferences(line).length, 1, line);
  const good = [
    'import { V3 } from "./shared.ts";',
    'fallback: "/usr/lib/chromium/chromium"',
    "const url = `https://example.org/home/page`;",
    'mkdtemp(path.join(tmpdir(), "mta-"))',
    "// rooms shared by the user",
    'unpackedExtensionId("/tmp/mta-extension-id/chrome")',
  ];
  for (const line of good) assert.deepEqual(machineSpecificReferences(line), [], line);
});

test("src/, test/, build.mjs and package.json name nothing outside the repository", () => {
  const files = SCANNED.flatMap(filesUnder);
  assert.ok(files.length > 100, `scanned ${files.length} files`);
  assert.ok(files.includes(path.join("test", "helpers", "spec-schemas.ts")), "the test helpers are scanned");
  const problems = files.flatMap((file) => machineSpecificReferences(readFileSync(path.join(root, file), "utf8")).map((problem) => `${file} ${problem}`));
  // This file's own examples are the one place the patterns may appear.
  const own = path.relative(root, fileURLToPath(import.meta.url));
  assert.deepEqual(problems.filter((problem) => !problem.startsWith(`${own} `)), []);
});
