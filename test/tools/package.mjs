// `npm run package`: store-ready zips of dist/chrome and dist/firefox (run after `node build.mjs`),
// written by web-ext into web-ext-artifacts/.
import webExt from "web-ext";
import { readFile, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = fileURLToPath(new URL("../../", import.meta.url));
const { version } = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
const artifactsDir = path.join(root, "web-ext-artifacts");

for (const browser of ["chrome", "firefox"]) {
  const sourceDir = path.join(root, "dist", browser);
  try {
    await stat(path.join(sourceDir, "manifest.json"));
  } catch {
    console.error(`No build in ${sourceDir}: run \`npm run build\` first.`);
    process.exit(1);
  }
  const { extensionPath } = await webExt.cmd.build(
    { sourceDir, artifactsDir, filename: `matrix-trust-auditor-${version}-${browser}.zip`, overwriteDest: true },
    { shouldExitProgram: false, showReadyMessage: false },
  );
  const { size } = await stat(extensionPath);
  console.log(`${path.relative(root, extensionPath)}  ${(size / 1024).toFixed(1)} KiB`);
}
