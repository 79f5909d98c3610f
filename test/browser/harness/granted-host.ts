/**
 * Signing in through the popup in a headless browser: the form asks `permissions.request` for the
 * homeserver, and a headless browser shows no prompt a test could accept. These tests use a copy of
 * the test build whose manifest already grants http://localhost/*, and reach their homeserver as
 * http://localhost:PORT, so the request answers at once. The shipped manifest grants no host.
 */
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { testBuildDir } from "./common.ts";

const GRANTED_HOST = "http://localhost/*";

/** The homeserver's URL through the granted host. */
export const viaGrantedHost = (url: string): string => url.replace("//127.0.0.1:", "//localhost:");

/** A copy of the test build (a temporary folder: remove it after) whose manifest grants http://localhost/*. */
export async function grantedVariant(browser: "chrome" | "firefox"): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `mta-granted-${browser}-`));
  await cp(testBuildDir(browser), dir, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8"));
  manifest.host_permissions = [GRANTED_HOST];
  await writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return dir;
}
