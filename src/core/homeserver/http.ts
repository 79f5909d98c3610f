import type { PacingOptions } from "./paced-fetch.ts";

/** How the session reaches the network: an injectable fetch and a time limit for each request. */
export interface HttpOptions {
  fetchFn: typeof fetch;
  /** Time limit for one unauthenticated request (discovery, login), in milliseconds. */
  timeoutMs: number;
  /** The signed-in client's deadlines and /sync pacing (paced-fetch.ts); defaults there. */
  pacing?: Partial<PacingOptions>;
}

/** A fetch that gives up after `timeoutMs` (the browser would otherwise wait minutes). */
export async function fetchWithTimeout(http: HttpOptions, url: string, init: RequestInit = {}): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("Request timed out", "TimeoutError")), http.timeoutMs);
  try {
    return await http.fetchFn(url, { ...init, signal: controller.signal, credentials: "omit", redirect: "follow" });
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a JSON body, or undefined if the body is not JSON. */
export async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}
