// Builds the extension for Chrome and Firefox from the one manifest.json.
//
//   node build.mjs                                      → dist/chrome, dist/firefox (what ships)
//   node build.mjs --test-origins=http://127.0.0.1/*    → dist-test/…, content script also runs there
//   node build.mjs --out=DIR                            → another output folder
//
// Every build is the production build: minified, tree-shaken, with source maps written to
// <out>/sourcemaps/ (outside the folders that get zipped). It prints each file's size and fails when
// a bundle is over its budget (BUDGETS below). The same sources, node_modules and --out folder give
// byte-identical output (chunk names hash the source maps, whose paths are relative to --out).
//
// The background is one ESM file without code splitting (a service worker refuses `import()`);
// the crypto's .wasm sits at pkg/ next to it, where the crypto's
// `new URL("./pkg/matrix_sdk_crypto_wasm_bg.wasm", import.meta.url)` looks for it. The popup is an ES
// module split into chunks: the screens not shown at open load when first shown.
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
    delete manifest.minimum_chrome_version;
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

/**
 * Size budgets in bytes (1 kB = 1,000 bytes), checked on every build: what each part costs to load.
 * The popup's budget is the JavaScript it loads at open (its entry and the chunks that imports);
 * the screens behind a click load when first shown. The crypto's .wasm counts as it comes.
 * The content script's was 25 kB for the badges alone (24.3 kB used); the warning at Element's message
 * box (composer-*.ts) adds 12.1 kB, measured, and a content script cannot load it later without
 * exposing a file to every page: 38 kB covers both.
 */
export const BUDGETS = { background: 1_200_000, popupAtOpen: 60_000, content: 38_000 };

/**
 * matrix-js-sdk's package entry (lib/index.js) re-exports lib/matrix.js and also makes its whole
 * namespace the default export, which keeps every export alive. Importing lib/matrix.js (the same
 * named exports) lets unused parts go; lib/embedded.js (the client inside an Element widget, never used
 * here) only declares things, so it may go too, and with it matrix-widget-api: 140 kB less background.
 */
const leanMatrixSdk = {
  name: "lean-matrix-sdk",
  setup(build) {
    build.onResolve({ filter: /^matrix-js-sdk$/ }, (args) =>
      build.resolve("matrix-js-sdk/lib/matrix.js", { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer }),
    );
    build.onResolve({ filter: /^\.\/embedded\.js$/ }, (args) =>
      /[\\/]matrix-js-sdk[\\/]lib$/.test(args.resolveDir)
        ? { path: path.join(args.resolveDir, "embedded.js"), sideEffects: false }
        : undefined,
    );
  },
};

/**
 * The popup and content script get the browser's own extension API where their code imports
 * webextension-polyfill (9.5 kB, over a third of the content script's budget). Firefox has `browser`;
 * Chrome's MV3 `chrome` returns promises for everything these two use (runtime.sendMessage and
 * connect, permissions.request, getURL, onMessage listeners that answer nothing). The background keeps
 * the polyfill: its onMessage listeners answer with promises, which Chrome's own API does not take.
 */
const nativeBrowserApi = {
  name: "native-browser-api",
  setup(build) {
    build.onResolve({ filter: /^webextension-polyfill$/ }, () => ({ path: "webextension-polyfill", namespace: "native-browser-api" }));
    build.onLoad({ filter: /.*/, namespace: "native-browser-api" }, () => ({
      contents: "export default globalThis.browser ?? globalThis.chrome;",
      loader: "js",
    }));
  },
};

function countCryptoCopies(metafile) {
  return Object.keys(metafile.inputs).filter((input) => CRYPTO_GLUE.test(input.replaceAll("\\", "/"))).length;
}

async function bundle(outDir, testBuild) {
  const common = {
    // The content script's test probes and the background's bench hooks (TEST_ONLY_INPUTS) are
    // bundled into test builds only.
    define: { __TEST_BUILD__: String(testBuild) },
    absWorkingDir: root,
    bundle: true,
    platform: "browser",
    target: ["chrome120", "firefox142"],
    metafile: true,
    logLevel: "warning",
    // Paths stay inside this folder even when node_modules is a link to another one (as in the
    // reproducibility test): the chunk names and source maps are built from those paths.
    preserveSymlinks: true,
    minify: true,
    treeShaking: true,
    // Maps without a link in the bundle; moveSourceMaps() takes them out of the folder that ships.
    sourcemap: "external",
    legalComments: "eof",
    jsx: "automatic",
    jsxImportSource: "preact",
    outdir: outDir,
  };
  const [background, popup, content] = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { background: "src/background/main.ts" },
      format: "esm",
      splitting: false,
      plugins: [leanMatrixSdk],
    }),
    esbuild.build({
      ...common,
      entryPoints: { popup: "src/popup/main.tsx" },
      format: "esm",
      splitting: true,
      chunkNames: "popup-chunks/[name]-[hash]",
      // A chunk loaded by import() would not bring its CSS: all of it is in popup.css (popupStyles).
      loader: { ".css": "empty" },
      plugins: [textOnlyPreact, nativeBrowserApi],
    }),
    esbuild.build({
      ...common,
      entryPoints: { content: "src/content/main.ts" },
      format: "iife",
      plugins: [textOnlyPreact, nativeBrowserApi],
    }),
  ]);
  await writeFile(path.join(outDir, "popup.css"), await popupStyles(common));
  // Two copies of the crypto would be two WebAssembly instances sharing one store: refuse the build.
  const copies = countCryptoCopies(background.metafile);
  if (copies !== 1) throw new Error(`The background must bundle exactly one copy of the crypto, found ${copies}.`);
  for (const [name, result] of [["popup", popup], ["content script", content]]) {
    if (countCryptoCopies(result.metafile) !== 0) throw new Error(`The ${name} must not bundle the crypto.`);
  }
  // What only tests may reach (probes, the bench's hooks) must never ship: refuse a store build with any of it.
  if (!testBuild)
    for (const result of [background, popup, content])
      for (const [file, output] of Object.entries(result.metafile.outputs))
        for (const input of Object.keys(output.inputs))
          if (TEST_ONLY_INPUTS.has(input.replaceAll("\\", "/")))
            throw new Error(`${input} is for test builds only, but the store build put it in ${path.basename(file)}.`);
  // The .wasm must come from the same package copy as the JavaScript glue that loads it.
  const glue = Object.keys(background.metafile.inputs).find((input) => CRYPTO_GLUE.test(input.replaceAll("\\", "/")));
  return {
    wasm: path.join(root, path.dirname(glue), WASM_FILE),
    sizes: {
      background: entrySize(background.metafile, "background"),
      popup: entrySize(popup.metafile, "popup"),
      content: entrySize(content.metafile, "content"),
    },
  };
}

/** Every stylesheet the popup's modules import, in import order, as one minified popup.css. */
async function popupStyles(common) {
  const result = await esbuild.build({
    ...common,
    entryPoints: { popup: "src/popup/main.tsx" },
    format: "esm",
    sourcemap: false,
    write: false,
    plugins: [textOnlyPreact, nativeBrowserApi],
  });
  const css = result.outputFiles.filter((file) => file.path.endsWith(".css"));
  if (css.length !== 1) throw new Error(`Expected one popup stylesheet, found ${css.length}.`);
  return css[0].contents;
}

/** Inputs bundled into test builds only (`__TEST_BUILD__`): budgets measure what ships, so they are not counted. */
const TEST_ONLY_INPUTS = new Set([
  "src/content/test-probe.ts",
  "src/content/badge-probe.ts",
  "src/content/composer-probe.ts",
  "src/background/session/bench-sync-mode.ts",
  "src/background/session/bench-hooks.ts",
]);

/**
 * An entry's JavaScript: `atOpen` is the entry and every chunk it imports statically (what loads
 * before it runs), `all` adds the chunks behind `import()`. `largest` names its biggest inputs.
 */
function entrySize(metafile, name) {
  const outputs = Object.entries(metafile.outputs).filter(([file]) => file.endsWith(".js"));
  const entry = outputs.find(([file]) => path.basename(file) === `${name}.js`);
  const atOpen = new Set();
  const visit = (file) => {
    if (atOpen.has(file)) return;
    atOpen.add(file);
    for (const imported of metafile.outputs[file].imports) if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(entry[0]);
  const byInput = new Map();
  let testOnly = 0;
  for (const [file, output] of outputs) {
    if (!atOpen.has(file)) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (TEST_ONLY_INPUTS.has(input.replaceAll("\\", "/"))) {
        testOnly += bytesInOutput;
        continue;
      }
      const owner = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path.dirname(input);
      byInput.set(owner, (byInput.get(owner) ?? 0) + bytesInOutput);
    }
  }
  const largest = [...byInput].sort((a, b) => b[1] - a[1]).slice(0, 6);
  const sum = (files) => files.reduce((total, file) => total + metafile.outputs[file].bytes, 0);
  return { atOpen: sum([...atOpen]) - testOnly, all: sum(outputs.map(([file]) => file)) - testOnly, largest };
}

/** Over-budget parts, each with its size, its budget and what it is made of; empty when all fit. */
export function overBudget(sizes, budgets = BUDGETS) {
  const checks = [
    ["background.js", sizes.background.atOpen, budgets.background, sizes.background.largest],
    ["popup JavaScript loaded at open", sizes.popup.atOpen, budgets.popupAtOpen, sizes.popup.largest],
    ["content.js", sizes.content.atOpen, budgets.content, sizes.content.largest],
  ];
  return checks
    .filter(([, size, budget]) => size > budget)
    .map(([what, size, budget, largest]) =>
      `${what} is ${bytes(size)}, over its budget of ${bytes(budget)}; largest parts: ` +
      largest.map(([input, n]) => `${input} ${bytes(n)}`).join(", ") + ".");
}

const bytes = (n) => `${n.toLocaleString("en-US")} bytes`;

/**
 * Moves every .map out of `outDir` into `mapsDir` (same relative path), with `sources` relative to the
 * repository root, so the maps read the same wherever the build ran and never ship in the zips.
 */
async function moveSourceMaps(outDir, mapsDir) {
  for (const [file] of await listSizes(outDir)) {
    if (!file.endsWith(".map")) continue;
    const from = path.join(outDir, file);
    const map = JSON.parse(await readFile(from, "utf8"));
    map.sources = map.sources.map((source) =>
      path.relative(root, path.resolve(path.dirname(from), source)).replaceAll("\\", "/"));
    await mkdir(path.dirname(path.join(mapsDir, file)), { recursive: true });
    await writeFile(path.join(mapsDir, file), JSON.stringify(map));
    await rm(from);
  }
}

async function copyStatic(outDir, wasm) {
  await cp(path.join(root, "src/popup/popup.html"), path.join(outDir, "popup.html"));
  // The popup links the full privacy statement from the sign-in screen.
  await cp(path.join(root, "PRIVACY.md"), path.join(outDir, "PRIVACY.md"));
  await cp(path.join(root, "_locales"), path.join(outDir, "_locales"), { recursive: true });
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
  const { wasm, sizes } = await bundle(first, options.testOrigins.length > 0);
  await moveSourceMaps(first, path.join(outRoot, "sourcemaps"));
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
    (options.testOrigins.length ? ` (test build, content script also on ${options.testOrigins.join(", ")})` : "") +
    `, source maps in ${path.relative(root, outRoot)}/sourcemaps`);
  for (const [file, size] of rows.sort((a, b) => b[1] - a[1])) console.log(`  ${kib(size)}  ${file}`);
  console.log(`  ${kib(total)}  total per browser`);
  console.log("Budgets (1 kB = 1,000 bytes):");
  const line = (what, size, budget, note = "") =>
    console.log(`  ${what.padEnd(18)} ${kb(size)}  ≤ ${kb(budget)}  ${size <= budget ? "ok" : "OVER"}${note}`);
  line("background.js", sizes.background.atOpen, BUDGETS.background);
  line("popup at open", sizes.popup.atOpen, BUDGETS.popupAtOpen,
    `  (all popup JS ${kb(sizes.popup.all).trim()}: other screens load when first shown)`);
  line("content.js", sizes.content.atOpen, BUDGETS.content);
  const over = overBudget(sizes);
  if (over.length > 0) throw new Error(`over budget:\n  ${over.join("\n  ")}`);
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`.padStart(10);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`Build failed: ${error.message}`);
    process.exit(1);
  });
}
