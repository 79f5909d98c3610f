/**
 * Serves the demo page on 127.0.0.1 (where the demo build lets the content script run): an
 * Element-like room with its member list, built from test/pages/ and the rooms on the test homeserver.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import type { DemoPageData } from "./room-pages.ts";

const FILES: Record<string, { file: URL; type: string }> = {
  "/": { file: new URL("./page/demo.html", import.meta.url), type: "text/html; charset=utf-8" },
  "/demo.css": { file: new URL("./page/demo.css", import.meta.url), type: "text/css; charset=utf-8" },
  "/page.css": { file: new URL("../../pages/page.css", import.meta.url), type: "text/css; charset=utf-8" },
};

export interface DemoPageServer {
  /** http://127.0.0.1:PORT (no trailing slash). */
  origin: string;
  /** The page showing one room: `${origin}/#/room/ROOM`. */
  roomUrl(roomId: string): string;
  close(): Promise<void>;
}

async function bundlePageScript(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL("./page/demo.ts", import.meta.url))],
    bundle: true,
    format: "iife",
    target: ["chrome120", "firefox140"],
    write: false,
    logLevel: "warning",
  });
  return result.outputFiles[0]!.text;
}

/** `data` is asked on every load of rooms.json, so a reload shows the rooms as they are now. */
export async function startDemoPageServer(data: () => DemoPageData): Promise<DemoPageServer> {
  const script = await bundlePageScript();
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
      response.end(body);
    };
    if (pathname === "/demo.js") return send(200, "text/javascript; charset=utf-8", script);
    if (pathname === "/rooms.json") return send(200, "application/json", JSON.stringify(data()));
    const entry = FILES[pathname];
    if (!entry) return send(404, "text/plain; charset=utf-8", "Not found");
    readFile(entry.file).then(
      (body) => send(200, entry.type, body),
      (error: Error) => send(500, "text/plain; charset=utf-8", error.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    roomUrl: (roomId) => `${origin}/#/room/${encodeURIComponent(roomId)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
