/**
 * `npm start`: the whole product on this machine with nothing to configure. Builds the extension (with
 * the content script also on http://127.0.0.1/*), starts the test homeserver with the demo scenario,
 * serves an Element-like page of its rooms, and opens a browser with the extension signed in to the
 * demo account. Visible: plays a live change and runs until Ctrl-C. Headless: writes screenshots,
 * prints the audit as a table and exits.
 */
import { spawnSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatTable } from "../../../src/cli/format-report.ts";
import { startHomeserver, type Homeserver } from "../../homeserver/index.ts";
import { locateBrowser } from "../browsers.mjs";
import type { DemoBrowser } from "./browser.ts";
import { launchChromiumDemo } from "./chromium.ts";
import { launchFirefoxDemo } from "./firefox.ts";
import { parseOptions, UsageError, USAGE, type DemoOptions } from "./options.ts";
import { startDemoPageServer, type DemoPageServer } from "./page-server.ts";
import { demoPageData } from "./room-pages.ts";
import { openMemberList, roomIn, screenshotFile, shootMemberList, shootOverview, shootRoom, waitForMemberBadges, type BrowserName } from "./screenshots.ts";
import { shootStoreImages } from "./store-shots.ts";
import { DEMO_USER, demoAccount, NEW_DEVICE, playNewDevice, prepareDemo, roomNamed, SHOWCASE_ROOM } from "./story.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
/** The demo build: what ships, plus the content script on the demo page's origin. */
export const DEMO_BUILD = "dist-demo";
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(`[${seconds().padStart(6)}] ${line}`);

/** Everything this run started, stopped in reverse order, once. */
class Running {
  private readonly stops: (() => Promise<void>)[] = [];
  private stopping: Promise<void> | undefined;
  add(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const stop of this.stops.reverse()) await stop().catch(() => {});
    })();
    return this.stopping;
  }
}

function build(): void {
  log(`Building the extension into ${DEMO_BUILD}/ …`);
  const result = spawnSync(process.execPath, ["build.mjs", "--test-origins=http://127.0.0.1/*", `--out=${DEMO_BUILD}`], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error(`The build failed (exit ${result.status ?? result.signal}); its errors are above.`);
}

async function launch(options: DemoOptions): Promise<DemoBrowser> {
  const found = locateBrowser(options.browser);
  if ("error" in found) throw new Error(found.error);
  const extensionDir = path.join(root, DEMO_BUILD, options.browser === "firefox" ? "firefox" : "chrome");
  log(`Starting ${options.browser === "firefox" ? "Firefox" : "Chromium"}${options.headless ? " (headless)" : ""} with the extension …`);
  try {
    return await (options.browser === "firefox"
      ? launchFirefoxDemo({ extensionDir, headless: options.headless })
      : launchChromiumDemo({ extensionDir, headless: options.headless }));
  } catch (error) {
    const hint = options.headless ? "" : "\n(If there is no usable display here, `npm start -- --headless` runs without one.)";
    throw new Error(`${error instanceof Error ? error.message : String(error)}${hint}`);
  }
}

async function headlessRun(options: DemoOptions, browser: DemoBrowser, server: Homeserver, pages: DemoPageServer, roomCount: number): Promise<void> {
  const report = await prepareDemo(browser, server, roomCount, log);
  const falcon = roomNamed(report, SHOWCASE_ROOM);
  if (!falcon) throw new Error(`The audit has no room ${SHOWCASE_ROOM}.`);
  const outputDir = path.resolve(root, options.outputDir);
  await mkdir(outputDir, { recursive: true });
  const who: BrowserName = options.browser === "firefox" ? "firefox" : "chromium";
  const open = (r: typeof report) => r.problems.filter((p) => !p.acknowledged);
  const inRoom = (r: typeof report) => r.problems.filter((p) => p.roomIds.includes(falcon.roomId)).length;
  log("Taking screenshots before the live change …");
  const files = [
    await shootOverview(browser, outputDir, screenshotFile("overview", "before", who), open(report).length),
    await shootRoom(browser, falcon, outputDir, screenshotFile("room", "before", who), inRoom(report)),
  ];
  const memberList = await openMemberList(browser, pages, falcon);
  files.push(await shootMemberList(memberList, "@carol:localhost", outputDir, screenshotFile("members", "before", who)));
  await memberList.close();

  log("Live change: Alice adds a device she has not signed …");
  const changed = await playNewDevice(browser, server);
  log("Taking screenshots after it: the moment that matters …");
  const inbox = await shootOverview(browser, outputDir, screenshotFile("overview", "after", who), open(changed).length);
  const room = await shootRoom(browser, roomIn(changed, falcon.roomId), outputDir, screenshotFile("room", "after", who), inRoom(changed));
  const afterList = await openMemberList(browser, pages, roomIn(changed, falcon.roomId));
  await waitForMemberBadges(browser, afterList, roomIn(changed, falcon.roomId), "Alice's badge to show her new device");
  const badges = await shootMemberList(afterList, NEW_DEVICE.userId, outputDir, screenshotFile("members", "after", who));
  files.push(inbox, room, badges);
  files.push(...(await shootStoreImages(browser, outputDir, { inbox, room, badges })));
  log("The audit and Alice's badge show her new device.");
  console.log(`\n${formatTable(changed)}`);
  log(`Screenshots: ${files.map((file) => path.relative(process.cwd(), file)).join(", ")}`);
}

async function visibleRun(options: DemoOptions, browser: DemoBrowser, server: Homeserver, pages: DemoPageServer, roomCount: number): Promise<void> {
  const report = await prepareDemo(browser, server, roomCount, log);
  const falcon = roomNamed(report, SHOWCASE_ROOM);
  if (!falcon) throw new Error(`The audit has no room ${SHOWCASE_ROOM}.`);
  const page = await browser.openTab(pages.roomUrl(falcon.roomId));
  await page.bringToFront();
  // Last, so the popup's window is in front, over the page's left side and clear of its member list.
  await browser.openPopupWindow("#/");
  const account = demoAccount(server);
  log(`Ready. The extension is signed in as ${DEMO_USER} and has audited ${report.rooms.length} rooms.`);
  console.log([
    "",
    `  Element-like room page: ${pages.roomUrl(falcon.roomId)} (badges from the extension beside each member)`,
    options.browser === "chromium"
      ? "  The extension's popup is open in its own window; its toolbar button opens it too (the number on it counts open findings)."
      : "  The extension's popup is open in its own window; its button in the toolbar's extensions menu opens it too.",
    `  Homeserver: ${server.url}   account ${account.userId}   password ${account.password}   recovery key ${account.recoveryKey}`,
    `  In ${options.liveChangeAfterSeconds} s Alice adds a device she has not signed: watch her badge and the popup's inbox.`,
    "  Ctrl-C stops everything.",
    "",
  ].join("\n"));
  setTimeout(() => {
    log("Live change: Alice adds a device she has not signed …");
    playNewDevice(browser, server).then(
      () => log(`The extension noticed ${NEW_DEVICE.userId}'s new device ${NEW_DEVICE.deviceId}: her badge and the popup's inbox show it. Ctrl-C to stop.`),
      (error: Error) => log(`The live change was not noticed: ${error.message}`),
    );
  }, options.liveChangeAfterSeconds * 1000).unref();
  // Runs until the browser is closed; Ctrl-C is handled in main().
  await new Promise<void>((resolve) => {
    browser.onClosed(() => {
      log("The browser was closed.");
      resolve();
    });
  });
}

export async function main(argv: string[]): Promise<number> {
  let options: DemoOptions;
  try {
    options = parseOptions(argv, process.env, process.platform);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(`${error.message}\n${USAGE}`);
    else console.log(USAGE);
    return error.message ? 2 : 0;
  }
  if (options.headlessReason === "no display")
    log(`No display found (DISPLAY / WAYLAND_DISPLAY): running headless; screenshots go to ${options.outputDir}/.`);
  const running = new Running();
  // Ctrl-C (or a TERM) at any point stops what has started so far, in reverse order.
  const stop = () => {
    log("Stopping the browser, the page server and the homeserver …");
    void running.stopAll().then(() => {
      log(`Stopped after ${seconds()}.`);
      process.exit(options.headless ? 130 : 0);
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    build();
    const server = await startHomeserver({ scenario: "demo", port: options.homeserverPort });
    running.add(() => server.stop());
    log(`Test homeserver with the demo scenario at ${server.url}`);
    const pages = await startDemoPageServer(() => demoPageData(server.state, DEMO_USER));
    running.add(() => pages.close());
    log(`Element-like demo page at ${pages.origin}/`);
    const roomCount = demoPageData(server.state, DEMO_USER).rooms.length;
    const browser = await launch(options);
    running.add(() => browser.close());
    if (options.headless) await headlessRun(options, browser, server, pages, roomCount);
    else await visibleRun(options, browser, server, pages, roomCount);
    log("Stopping the browser, the page server and the homeserver …");
    return 0;
  } catch (error) {
    console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await running.stopAll();
    log(`Done in ${seconds()}.`);
  }
}
