// Where the test browsers are: Debian's packages by default, or CHROME_PATH / FIREFOX_PATH.
// Never downloads a browser; a missing one is a clear error naming the package to install.
import { existsSync } from "node:fs";

export const BROWSERS = {
  chromium: { variable: "CHROME_PATH", fallback: "/usr/lib/chromium/chromium", debianPackage: "chromium" },
  firefox: { variable: "FIREFOX_PATH", fallback: "/usr/bin/firefox-esr", debianPackage: "firefox-esr" },
};

/** @param {"chromium" | "firefox"} name @returns {{ path: string } | { error: string }} */
export function locateBrowser(name) {
  const { variable, fallback, debianPackage } = BROWSERS[name];
  const fromEnv = process.env[variable];
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { path: fromEnv }
      : { error: `${variable} is set to ${fromEnv}, but no file is there.` };
  }
  if (existsSync(fallback)) return { path: fallback };
  return {
    error:
      `No ${name} found at ${fallback}. Install Debian's package: apt-get install -y ${debianPackage}` +
      ` (or set ${variable} to a ${name === "chromium" ? "Chrome/Chromium" : "Firefox"} executable).`,
  };
}

function mustLocate(name) {
  const found = locateBrowser(name);
  if ("error" in found) throw new Error(found.error);
  return found.path;
}

export const findChromium = () => mustLocate("chromium");
export const findFirefox = () => mustLocate("firefox");
