import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Reviewers rebuild from the source archive and compare with what the stores got: the build must give
// the same bytes every time, in any folder. Three builds (~5 s each): twice here, once from the archive.
interface PackageTools {
  readTree(dir: string): Promise<Map<string, Buffer>>;
  sourceFiles(from: string, readme: string): Promise<Map<string, Buffer>>;
  sha256(data: Uint8Array): string;
}
interface ZipTools {
  writeZip(files: Map<string, Uint8Array>): Buffer;
  readZip(archive: Uint8Array): Map<string, Buffer>;
}
const root = fileURLToPath(new URL("../../../", import.meta.url));
const { readTree, sourceFiles, sha256 } = (await import(new URL("test/tools/package.mjs", `file://${root}`).href)) as PackageTools;
const { writeZip, readZip } = (await import(new URL("test/tools/zip.mjs", `file://${root}`).href)) as ZipTools;

const work = path.join(root, "test-output", "reproducible");
const PARTS = ["chrome", "firefox", "sourcemaps"];

function build(cwd: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["build.mjs", `--out=${out}`], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`build in ${cwd} failed (${code}): ${stderr}`))));
  });
}

/** "chrome/background.js" → SHA-256, for every file of the three parts of a build in `outDir`. */
async function hashes(outDir: string): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (const part of PARTS)
    for (const [name, data] of await readTree(path.join(outDir, part))) all.set(`${part}/${name}`, sha256(data));
  return all;
}

function assertSame(actual: Map<string, string>, expected: Map<string, string>, what: string): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: the same files`);
  const differing = [...expected].filter(([name, hash]) => actual.get(name) !== hash).map(([name]) => name);
  assert.deepEqual(differing, [], `${what}: files whose bytes differ`);
}

test("two builds, and a build from the unpacked source archive, give byte-identical bundles and zips", async () => {
  await rm(work, { recursive: true, force: true });
  // The same --out each time, relative to the folder built in: chunk names hash the source maps, whose
  // paths are relative to it (a reviewer's `npm run build` writes dist/, as ours did).
  const out = "test-output/reproducible/build";
  await build(root, out);
  const first = await hashes(path.join(root, out));
  const zipsOf = async (base: string) =>
    Promise.all(["chrome", "firefox"].map(async (browser) => sha256(writeZip(await readTree(path.join(base, out, browser))))));
  const firstZips = await zipsOf(root);
  assert.ok(first.has("chrome/background.js") && first.has("firefox/manifest.json") && first.has("sourcemaps/background.js.map"));
  await build(root, out);
  assertSame(await hashes(path.join(root, out)), first, "second build");
  assert.deepEqual(await zipsOf(root), firstZips, "the Chrome and Firefox zips of the second build");

  // The source archive, through a zip and back, unpacked into a folder of its own.
  const archive = writeZip(await sourceFiles(root, "(test)"));
  const unpacked = path.join(work, "source");
  for (const [name, data] of readZip(archive)) {
    await mkdir(path.dirname(path.join(unpacked, name)), { recursive: true });
    await writeFile(path.join(unpacked, name), data);
  }
  // Stands in for `npm ci`, which needs the network: the same package-lock.json, so the same packages.
  await symlink(path.join(root, "node_modules"), path.join(unpacked, "node_modules"), "dir");
  await build(unpacked, out);
  assertSame(await hashes(path.join(unpacked, out)), first, "build from the source archive");
  await rm(work, { recursive: true, force: true });
});

test("the zip writer's archives read back whole, and a damaged one is refused", () => {
  const files = new Map<string, Uint8Array>([
    ["b/second.txt", Buffer.from("second ".repeat(50))],
    ["a.bin", Uint8Array.from([0, 1, 2, 3])],
  ]);
  const zip = writeZip(files);
  assert.deepEqual(writeZip(new Map([...files].reverse())), zip, "the order files are given in does not matter");
  const read = readZip(zip);
  assert.deepEqual([...read.keys()], ["a.bin", "b/second.txt"]);
  assert.deepEqual([...read.get("b/second.txt")!], [...files.get("b/second.txt")!]);
  const damaged = Buffer.from(zip);
  damaged[35] = damaged[35]! ^ 0xff; // inside a.bin's stored bytes
  assert.throws(() => readZip(damaged), /a\.bin: its bytes do not match its checksum/);
});
