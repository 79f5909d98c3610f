// Builds the extension for Chrome and Firefox from the one manifest.json.
//
//   node build.mjs                                      → dist/chrome, dist/firefox (what ships)
//   node build.mjs --test-origins=http://127.0.0.1/*    → dist-test/…, content script also runs there
//   node build.mjs --out=DIR                            → another output folder
//
// The background is one ESM file without code splitting (a service worker refuses `import()`);
// the crypto's .wasm sits at pkg/ next to it, where the crypto's
// `new URL("./pkg/matrix_sdk_crypto_wasm_bg.wasm", import.meta.url)` looks for it.
import * as esbuild from "esbuild";
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(fileURLToPath(import.meta.url));
const BROWSERS = ["chrome", "firefox"];
const WASM_FILE = "matrix_sdk_crypto_wasm_bg.wasm";
const CRYPTO_GLUE = /@matrix-org\/matrix-sdk-crypto-wasm\/pkg\/matrix_sdk_crypto_wasm_bg\.js$/;

function parseArgs(argv) {
  const options = { out: undefined, testOrigins: [] };
  for (const arg of argv) {
    const [name, value] = arg.split(/=(.*)/s);
    if (name === "--out" && value) options.out = value;
    else if (name === "--test-origins" && value) options.testOrigins = value.split(",").filter(Boolean);
    else throw new Error(`Unknown argument ${arg}. Known: --out=DIR, --test-origins=PATTERN[,PATTERN].`);
  }
  for (const origin of options.testOrigins) {
    // Only plain http(s) origins on a named host: a test build must not widen to every site.
    if (!/^https?:\/\/[A-Za-z0-9.\-[\]:]+\/\*$/.test(origin))
      throw new Error(`--test-origins takes patterns like http://127.0.0.1/*, not ${origin}.`);
  }
  options.out ??= options.testOrigins.length > 0 ? "dist-test" : "dist";
  return options;
}

/** The one manifest.json, shaped for one browser. */
export function manifestFor(browser, source, testOrigins = []) {
  const manifest = structuredClone(source);
  if (testOrigins.length > 0) manifest.content_scripts[0].matches.push(...testOrigins);
  if (browser === "chrome") {
    delete manifest.browser_specific_settings;
  } else {
    // Firefox runs the background as an event page; it has no MV3 service workers.
    manifest.background = { scripts: [manifest.background.service_worker], type: "module" };
  }
  return manifest;
}

/**
 * Removes Preact's one path to raw HTML (`dangerouslySetInnerHTML`): everything this extension shows,
 * other users' names above all, is text. Using it now throws; the build fails if Preact's code changed.
 */
const textOnlyPreact = {
  name: "text-only-preact",
  setup(build) {
    build.onLoad({ filter: /[\\/]preact[\\/]dist[\\/]preact\.mjs$/ }, async (args) => {
      const code = await readFile(args.path, "utf8");
      const assignment = /\b(\w+)\.innerHTML=(\w+)\.__html\b/g;
      const found = code.match(assignment)?.length ?? 0;
      if (found !== 1) throw new Error(`Expected one innerHTML assignment in ${args.path}, found ${found}.`);
      const refuse = '(()=>{throw new Error("dangerouslySetInnerHTML is disabled: this extension renders text only.")})()';
      return { contents: code.replace(assignment, refuse), loader: "js" };
    });
  },
};

function countCryptoCopies(metafile) {
  return Object.keys(metafile.inputs).filter((input) => CRYPTO_GLUE.test(input.replaceAll("\\", "/"))).length;
}

async function bundle(outDir) {
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: "browser",
    target: ["chrome120", "firefox140"],
    metafile: true,
    logLevel: "warning",
    legalComments: "eof",
    jsx: "automatic",
    jsxImportSource: "preact",
    plugins: [textOnlyPreact],
  };
  const [background, popup, content] = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { background: "src/background/main.ts" },
      format: "esm",
      splitting: false,
      outdir: outDir,
    }),
    esbuild.build({ ...common, entryPoints: { popup: "src/popup/main.tsx" }, format: "iife", outdir: outDir }),
    esbuild.build({ ...common, entryPoints: { content: "src/content/main.ts" }, format: "iife", outdir: outDir }),
  ]);
  // Two copies of the crypto would be two WebAssembly instances sharing one store: refuse the build.
  const copies = countCryptoCopies(background.metafile);
  if (copies !== 1) throw new Error(`The background must bundle exactly one copy of the crypto, found ${copies}.`);
  for (const [name, result] of [["popup", popup], ["content script", content]]) {
    if (countCryptoCopies(result.metafile) !== 0) throw new Error(`The ${name} must not bundle the crypto.`);
  }
  // The .wasm must come from the same package copy as the JavaScript glue that loads it.
  const glue = Object.keys(background.metafile.inputs).find((input) => CRYPTO_GLUE.test(input.replaceAll("\\", "/")));
  return { wasm: path.join(root, path.dirname(glue), WASM_FILE) };
}

async function copyStatic(outDir, wasm) {
  await cp(path.join(root, "src/popup/popup.html"), path.join(outDir, "popup.html"));
  // The popup links the full privacy statement from the sign-in screen.
  await cp(path.join(root, "PRIVACY.md"), path.join(outDir, "PRIVACY.md"));
  await mkdir(path.join(outDir, "icons"), { recursive: true });
  for (const file of await readdir(path.join(root, "icons"))) {
    if (file.endsWith(".png")) await cp(path.join(root, "icons", file), path.join(outDir, "icons", file));
  }
  await mkdir(path.join(outDir, "pkg"), { recursive: true });
  await cp(wasm, path.join(outDir, "pkg", WASM_FILE));
}

async function listSizes(dir, prefix = "") {
  const rows = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) rows.push(...(await listSizes(path.join(dir, entry.name), `${relative}/`)));
    else rows.push([relative, (await stat(path.join(dir, entry.name))).size]);
  }
  return rows;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(11);

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const source = JSON.parse(await readFile(path.join(root, "manifest.json"), "utf8"));
  const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
  if (source.version !== pkg.version)
    throw new Error(`manifest.json version ${source.version} differs from package.json version ${pkg.version}.`);

  const outRoot = path.resolve(root, options.out);
  await rm(outRoot, { recursive: true, force: true });
  const first = path.join(outRoot, BROWSERS[0]);
  const { wasm } = await bundle(first);
  await copyStatic(first, wasm);
  // Both browsers run the same code; only the manifest differs.
  for (const browser of BROWSERS.slice(1)) await cp(first, path.join(outRoot, browser), { recursive: true });
  for (const browser of BROWSERS) {
    const manifest = manifestFor(browser, source, options.testOrigins);
    await writeFile(path.join(outRoot, browser, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  const rows = await listSizes(first);
  const total = rows.reduce((sum, [, size]) => sum + size, 0);
  console.log(`Built ${path.relative(root, outRoot)}/{${BROWSERS.join(",")}}` +
    (options.testOrigins.length ? ` (test build, content script also on ${options.testOrigins.join(", ")})` : ""));
  for (const [file, size] of rows.sort((a, b) => b[1] - a[1])) console.log(`  ${kib(size)}  ${file}`);
  console.log(`  ${kib(total)}  total per browser`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`Build failed: ${error.message}`);
    process.exit(1);
  });
}
