// `npm run package` (after `node build.mjs`): the archives for the stores, in web-ext-artifacts/:
//   matrix-trust-auditor-<version>-chrome.zip      dist/chrome, for the Chrome Web Store
//   matrix-trust-auditor-<version>-firefox.zip     dist/firefox, for addons.mozilla.org
//   matrix-trust-auditor-<version>-source.zip      what the bundles are built from, with SOURCE-README.md
//   matrix-trust-auditor-<version>-sourcemaps.zip  dist/sourcemaps: kept beside the store zips, not in them
// Every archive depends only on its files (test/tools/zip.mjs), so a rebuild can be compared byte for byte.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { writeZip } from "./zip.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** What `npm ci && npm run build` needs, and nothing else (no tests, no documents). */
export const SOURCE_PATHS = ["_locales", "build.mjs", "icons", "manifest.json", "package-lock.json", "package.json", "PRIVACY.md", "src", "tsconfig.json"];

/** Every file under `dir`, by its path relative to `dir` with "/" separators. */
export async function readTree(dir, prefix = "") {
  const files = new Map();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const absolute = path.join(dir, entry.name);
    const relative = `${prefix}${entry.name}`;
    if (entry.isDirectory()) for (const [name, data] of await readTree(absolute, `${relative}/`)) files.set(name, data);
    else if (entry.isFile()) files.set(relative, await readFile(absolute));
  }
  return files;
}

export const sha256 = (data) => createHash("sha256").update(data).digest("hex");

/** The source archive's files: SOURCE_PATHS from `from`, plus SOURCE-README.md. */
export async function sourceFiles(from, readme) {
  const files = new Map();
  for (const entry of SOURCE_PATHS) {
    const absolute = path.join(from, entry);
    if ((await stat(absolute)).isDirectory()) for (const [name, data] of await readTree(absolute, `${entry}/`)) files.set(name, data);
    else files.set(entry, await readFile(absolute));
  }
  files.set("SOURCE-README.md", Buffer.from(readme, "utf8"));
  return files;
}

function npmVersion() {
  const fromNpm = /\bnpm\/(\S+)/.exec(process.env.npm_config_user_agent ?? "")?.[1];
  if (fromNpm) return fromNpm;
  const npm = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["--version"], { encoding: "utf8" });
  if (npm.status !== 0) throw new Error("Could not tell npm's version (`npm --version` failed).");
  return npm.stdout.trim();
}

/** SOURCE-README.md: how to rebuild, with what, and the SHA-256 of every file each store zip holds. */
export function sourceReadme({ version, node, npm, builds }) {
  const lines = [
    `# Matrix Trust Auditor ${version}: source code for review`,
    "",
    "This archive holds everything the extension's bundles are built from. To rebuild them:",
    "",
    `1. Install Node.js ${node} and npm ${npm}, the versions the store zips were built with.`,
    "2. In this folder run:",
    "",
    "   ```sh",
    "   npm ci && npm run build",
    "   ```",
    "",
    "`dist/chrome/` and `dist/firefox/` then hold, byte for byte, the files of the Chrome and Firefox",
    "zips (the SHA-256 of each is listed below); `dist/sourcemaps/` holds the source maps. The build",
    "(`build.mjs`) bundles `src/` with esbuild: minified, with no code fetched or generated at run time.",
    "`pkg/matrix_sdk_crypto_wasm_bg.wasm` is copied unchanged from the npm package",
    "`@matrix-org/matrix-sdk-crypto-wasm` (the Matrix Rust crypto, built by its authors).",
    "",
    "Where things are: `src/background/` (the background: Matrix session and audit, with",
    "matrix-js-sdk), `src/popup/` (the popup, Preact), `src/content/` (badges on Element Web),",
    "`src/core/` (the trust model), `src/protocol/` (messages between the parts), `src/store/` (IndexedDB).",
  ];
  for (const [browser, files] of Object.entries(builds)) {
    lines.push("", `## SHA-256 of dist/${browser}`, "", "```");
    for (const name of [...files.keys()].sort()) lines.push(`${sha256(files.get(name))}  ${name}`);
    lines.push("```");
  }
  return `${lines.join("\n")}\n`;
}

async function main() {
  const { version } = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
  const dist = path.join(root, "dist");
  const builds = {};
  for (const browser of ["chrome", "firefox"]) {
    try {
      builds[browser] = await readTree(path.join(dist, browser));
    } catch {
      console.error(`No build in ${path.join(dist, browser)}: run \`npm run build\` first.`);
      process.exit(1);
    }
  }
  const readme = sourceReadme({ version, node: process.version, npm: npmVersion(), builds });
  const archives = {
    chrome: builds.chrome,
    firefox: builds.firefox,
    source: await sourceFiles(root, readme),
    sourcemaps: await readTree(path.join(dist, "sourcemaps")),
  };
  const out = path.join(root, "web-ext-artifacts");
  await mkdir(out, { recursive: true });
  for (const [kind, files] of Object.entries(archives)) {
    const zip = writeZip(files);
    const file = path.join(out, `matrix-trust-auditor-${version}-${kind}.zip`);
    await writeFile(file, zip);
    console.log(`${path.relative(root, file).padEnd(58)} ${(zip.length / 1024).toFixed(1).padStart(8)} KiB  sha256 ${sha256(zip).slice(0, 16)}…`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
