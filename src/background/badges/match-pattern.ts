/** Match patterns of the form `scheme://host[:port]/path*`, as the manifest and registered scripts use them. */

/** "https://chat.example.org" → "https://chat.example.org/*" */
export function originPattern(origin: string): string {
  return `${new URL(origin).origin}/*`;
}

/**
 * Whether `url` matches `pattern`. Covers what this extension registers: an http(s) scheme, an exact
 * host (no "*." wildcard), an optional port (absent: any port), and a path ending in "*".
 */
export function matchesPattern(pattern: string, url: string): boolean {
  const match = /^(https?):\/\/([^/*]+)(\/.*)$/.exec(pattern);
  if (!match) return false;
  const [, scheme, hostPort, path] = match as unknown as [string, string, string, string];
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== `${scheme}:`) return false;
  const wanted = new URL(`${scheme}://${hostPort}/`);
  if (target.hostname !== wanted.hostname) return false;
  if (hostPort.includes(":") && !hostPort.endsWith("]") && target.port !== wanted.port) return false;
  const pathPrefix = path.endsWith("*") ? path.slice(0, -1) : path;
  return path.endsWith("*") ? target.pathname.startsWith(pathPrefix) : target.pathname === path;
}
