/**
 * The layers of src/, checked on every import: src/core and src/protocol are shared and use no
 * browser API; background, popup, content and cli sit beside each other and never import one
 * another; store (the records in IndexedDB) sits under background and cli, the two that keep
 * records, and above core and protocol; the popup and the content script never open it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../../src/", import.meta.url));

/** What each top folder of src/ may import from the others. */
const ALLOWED: Record<string, string[]> = {
  core: ["core", "protocol"],
  protocol: ["core", "protocol"],
  store: ["core", "protocol", "store"],
  background: ["core", "protocol", "store", "background"],
  popup: ["core", "protocol", "popup"],
  content: ["core", "protocol", "content"],
  cli: ["core", "protocol", "store", "cli"],
};
const SHARED = new Set(["core", "protocol"]);
/** Packages that are browser APIs (or need one): never in the shared layers. */
const BROWSER_PACKAGES = /^(webextension-polyfill|idb|preact)(\/|$)/;
/** Browser globals: never used by the shared layers (comments and strings are ignored). */
const BROWSER_GLOBALS = /(?<![\w.$])(chrome|browser|document|window|indexedDB|localStorage|sessionStorage|navigator|IDBKeyRange)\s*(\.|\[)/;

interface SourceFile {
  /** Path under src/, with forward slashes. */
  file: string;
  layer: string;
  text: string;
}

function sources(): SourceFile[] {
  const found: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(absolute);
      else if (/\.(ts|tsx|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        const file = path.relative(SRC, absolute).split(path.sep).join("/");
        found.push({ file, layer: file.split("/")[0]!, text: readFileSync(absolute, "utf8") });
      }
    }
  };
  walk(SRC);
  return found;
}

/** Every module specifier of static imports, re-exports and dynamic imports. */
export function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  const patterns = [/\bimport\s+(?:type\s+)?[^'";]*?\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bexport\s+(?:type\s+)?[^'";]*?\bfrom\s*["']([^"']+)["']/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

/** The code without comments and string contents, so only real uses of globals remain. */
export function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:\\])\/\/.*$/gm, "$1")
    .replace(/`(?:\\[\s\S]|[^`\\])*`|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, '""');
}

/** The src/ top folder a relative specifier lands in, or null for a package. */
function layerOf(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  if (target.startsWith("..")) return "outside src";
  return target.split("/")[0]!;
}

test("the checks see imports, re-exports, dynamic imports and browser globals, and skip comments and strings", () => {
  assert.deepEqual(importsOf('import a from "x";\nimport type { B } from "../y.ts";\nimport "./z.css";\nexport { c } from "./c.ts";\nconst d = await import("./d.ts");'), ["x", "../y.ts", "./z.css", "./c.ts", "./d.ts"]);
  for (const used of ["chrome.runtime.id", "await browser.storage.local.get()", "document.body", "x = indexedDB.open(name)", "window['open']"]) assert.match(codeOnly(used), BROWSER_GLOBALS, used);
  for (const unused of ["// reads chrome.storage", "/* document.body */", 'const s = "the browser.storage area";', "browserName.length", "this.document.x", "session.chrome.x"])
    assert.doesNotMatch(codeOnly(unused), BROWSER_GLOBALS, unused);
});

test("src/core and src/protocol use no browser API and import only each other", () => {
  const problems: string[] = [];
  for (const source of sources().filter((s) => SHARED.has(s.layer))) {
    for (const specifier of importsOf(source.text)) {
      if (BROWSER_PACKAGES.test(specifier)) problems.push(`${source.file} imports ${specifier}, a browser API`);
      const layer = layerOf(source.file, specifier);
      if (layer !== null && !SHARED.has(layer)) problems.push(`${source.file} imports ${specifier} (${layer})`);
    }
    const code = codeOnly(source.text);
    code.split("\n").forEach((line, index) => {
      const match = BROWSER_GLOBALS.exec(line);
      if (match) problems.push(`${source.file}:${index + 1} uses the browser global ${match[1]}: ${line.trim().slice(0, 120)}`);
    });
  }
  assert.deepEqual(problems, []);
});

test("background, popup, content and cli never import each other; only background and cli use store", () => {
  const files = sources();
  assert.deepEqual([...new Set(files.map((s) => s.layer))].filter((layer) => !(layer in ALLOWED)), [], "every top folder of src/ has a rule");
  const problems: string[] = [];
  for (const source of files) {
    for (const specifier of importsOf(source.text)) {
      const layer = layerOf(source.file, specifier);
      if (layer !== null && !ALLOWED[source.layer]!.includes(layer)) problems.push(`${source.file} (${source.layer}) imports ${specifier} (${layer})`);
    }
  }
  assert.deepEqual(problems, []);
});
