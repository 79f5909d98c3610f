/**
 * Serves the Element-like test pages on 127.0.0.1 (the origin a test build enables the content script on).
 * `app.js` is bundled from app.ts on start; `dom-harness.js` (the content script's DOM logic with a
 * stubbed verdict source, for DOM-mechanics tests and the bench only) and `flood.js` (the hostile flood
 * page's script) are bundled on request.
 */
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const STATIC: Record<string, string> = {
  "/current.html": "text/html; charset=utf-8",
  "/legacy.html": "text/html; charset=utf-8",
  "/flood.html": "text/html; charset=utf-8",
  "/page.css": "text/css; charset=utf-8",
};
const BUNDLES: Record<string, string> = { "/app.js": "app.ts", "/dom-harness.js": "dom-harness.ts", "/flood.js": "flood.ts" };

export interface PageServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  close(): Promise<void>;
}

async function bundle(entry: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(here, entry)],
    bundle: true,
    format: "iife",
    target: ["chrome120", "firefox140"],
    write: false,
    logLevel: "warning",
  });
  return result.outputFiles[0]!.text;
}

export async function startPageServer(port = 0): Promise<PageServer> {
  const bundles = new Map<string, Promise<string>>();
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const send = (status: number, type: string, body: string | Buffer): void => {
      response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      response.end(body);
    };
    const bundleEntry = BUNDLES[pathname];
    if (bundleEntry) {
      if (!bundles.has(pathname)) bundles.set(pathname, bundle(bundleEntry));
      bundles.get(pathname)!.then(
        (code) => send(200, "text/javascript; charset=utf-8", code),
        (error: Error) => send(500, "text/plain", error.message),
      );
      return;
    }
    const type = STATIC[pathname];
    if (!type) return send(404, "text/plain", "Not found");
    readFile(path.join(here, pathname.slice(1))).then(
      (body) => send(200, type, body),
      (error: Error) => send(500, "text/plain", error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("The page server has no TCP address.");
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

// `node --import ./src/cli/register.mjs test/pages/serve.ts [port]` serves the pages by hand.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await startPageServer(Number(process.argv[2] ?? 0));
  console.log(`Test pages at ${server.origin}/current.html and ${server.origin}/legacy.html`);
}
