/** What `npm start -- …` was asked for. Unknown flags are refused with the list of known ones. */
export interface DemoOptions {
  browser: "chromium" | "firefox";
  headless: boolean;
  /** Why headless was chosen, for the first line printed. */
  headlessReason: "asked" | "no display" | null;
  /** Seconds between the demo being ready and the live change (a new device). */
  liveChangeAfterSeconds: number;
  /** Where the headless run writes its screenshots. */
  outputDir: string;
  /** The test homeserver's port; 0 picks a free one. A fixed one lets a real Element Web connect too. */
  homeserverPort: number;
}

export const USAGE = `Usage: npm start -- [--firefox] [--headless] [--live-after=SECONDS] [--out=DIR] [--homeserver-port=PORT]
  --firefox        Firefox ESR instead of Chromium
  --headless       no window: write screenshots to demo-output/, print the audit as a table, exit
                   (chosen automatically when no display is found)
  --live-after=N   seconds before someone adds a new device (default 10; headless plays it at once)
  --out=DIR        folder for the headless screenshots (default demo-output)
  --homeserver-port=PORT
                   serve the demo homeserver on this port (default: any free port)`;

export function hasDisplay(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  // macOS and Windows always have a desktop; elsewhere X11 or Wayland must be named.
  if (platform !== "linux" && platform !== "freebsd" && platform !== "openbsd") return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): DemoOptions {
  const options: DemoOptions = {
    browser: "chromium",
    headless: false,
    headlessReason: null,
    liveChangeAfterSeconds: 10,
    outputDir: "demo-output",
    homeserverPort: 0,
  };
  for (const arg of argv) {
    const [name, value] = arg.split(/=(.*)/s);
    if (name === "--firefox" && value === undefined) options.browser = "firefox";
    else if (name === "--chromium" && value === undefined) options.browser = "chromium";
    else if (name === "--headless" && value === undefined) options.headless = true;
    else if (name === "--live-after" && value !== undefined && /^\d+(\.\d+)?$/.test(value)) options.liveChangeAfterSeconds = Number(value);
    else if (name === "--out" && value) options.outputDir = value;
    else if (name === "--homeserver-port" && value !== undefined && /^\d{1,5}$/.test(value) && Number(value) <= 65535)
      options.homeserverPort = Number(value);
    else if (name === "--help" || name === "-h") throw new UsageError("");
    else throw new UsageError(`Unknown or malformed option ${arg}.`);
  }
  if (options.headless) options.headlessReason = "asked";
  else if (!hasDisplay(env, platform)) {
    options.headless = true;
    options.headlessReason = "no display";
  }
  return options;
}

export class UsageError extends Error {}
