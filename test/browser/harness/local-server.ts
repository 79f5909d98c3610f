/** A tiny web server on 127.0.0.1 (the test build's content-script origin) serving fixed pages. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface LocalServer {
  /** http://127.0.0.1:PORT (no trailing slash). */
  origin: string;
  close(): Promise<void>;
}

/** Serves `pages` (path → HTML); any other path is a 404. */
export async function serveLocalPages(pages: Record<string, string>): Promise<LocalServer> {
  const server = createServer((request, response) => {
    const html = pages[new URL(request.url ?? "/", "http://127.0.0.1").pathname];
    response.writeHead(html === undefined ? 404 : 200, { "content-type": "text/html; charset=utf-8" });
    response.end(html ?? "Not found");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
