/**
 * Where the badges run. https://app.element.io is in the manifest; self-hosted Element Web origins are
 * added in the settings: each is asked for as an optional host permission (by the popup, on a user
 * gesture), then its content script is registered here at run time, and removed again with it.
 */
import browser from "webextension-polyfill";
import { matchesPattern, originPattern } from "./badges/match-pattern.ts";

export const DEFAULT_ELEMENT_ORIGIN = "https://app.element.io";
const SCRIPT_ID_PREFIX = "element-badges ";
const CONTENT_SCRIPT = "content.js";

export interface OriginSync {
  /** Extra origins whose badges now run. */
  active: string[];
  /** Origins listed but not granted: the popup must ask for them (permissions.request) first. */
  missingPermission: string[];
}

const scriptId = (origin: string): string => `${SCRIPT_ID_PREFIX}${new URL(origin).origin}`;

async function registeredScripts(): Promise<{ id: string; matches: string[] }[]> {
  const scripts = await browser.scripting.getRegisteredContentScripts();
  return scripts
    .filter((s) => s.id.startsWith(SCRIPT_ID_PREFIX))
    .map((s) => ({ id: s.id, matches: s.matches ?? [] }));
}

/**
 * Makes the registered content scripts match `origins` exactly: registers the granted ones that are
 * missing and unregisters every other one of ours. Safe to call on every start.
 */
export async function syncElementOrigins(origins: readonly string[]): Promise<OriginSync> {
  const wanted = new Map<string, string>();
  const missingPermission: string[] = [];
  for (const origin of origins) {
    const normalized = new URL(origin).origin;
    if (normalized === DEFAULT_ELEMENT_ORIGIN) continue; // already in the manifest
    const granted = await browser.permissions.contains({ origins: [originPattern(normalized)] });
    if (granted) wanted.set(scriptId(normalized), normalized);
    else missingPermission.push(normalized);
  }
  const present = await registeredScripts();
  const stale = present.filter((s) => !wanted.has(s.id)).map((s) => s.id);
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  const presentIds = new Set(present.map((s) => s.id));
  const toAdd = [...wanted].filter(([id]) => !presentIds.has(id));
  if (toAdd.length > 0) {
    await browser.scripting.registerContentScripts(
      toAdd.map(([id, origin]) => ({
        id,
        matches: [originPattern(origin)],
        js: [CONTENT_SCRIPT],
        runAt: "document_idle" as const,
        persistAcrossSessions: true,
      })),
    );
  }
  return { active: [...wanted.values()], missingPermission };
}

/**
 * Stops the badges on an origin. `releasePermission` also gives its host permission back: pass it
 * unless the origin serves something else the extension needs (the homeserver's own origin).
 */
export async function removeElementOrigin(origin: string, { releasePermission }: { releasePermission: boolean }): Promise<void> {
  const normalized = new URL(origin).origin;
  const id = scriptId(normalized);
  if ((await registeredScripts()).some((s) => s.id === id)) await browser.scripting.unregisterContentScripts({ ids: [id] });
  if (releasePermission && normalized !== DEFAULT_ELEMENT_ORIGIN)
    await browser.permissions.remove({ origins: [originPattern(normalized)] });
}

/** When the user withdraws a host permission in the browser's own settings, the badges stop there too. */
export function followPermissionRemovals(): void {
  browser.permissions.onRemoved.addListener((removed) => {
    void (async () => {
      const gone = removed.origins ?? [];
      const ids = (await registeredScripts())
        .filter((s) => s.matches.some((m) => gone.includes(m)))
        .map((s) => s.id);
      if (ids.length > 0) await browser.scripting.unregisterContentScripts({ ids });
    })().catch((error) => console.warn("[badges] could not unregister a removed origin", error));
  });
}

/**
 * Whether a content script on `url` runs there because this extension enabled it: the manifest's
 * matches (the default origin, and a test build's local origin) or an origin registered above.
 */
export async function isEnabledPage(url: string): Promise<boolean> {
  const manifest = browser.runtime.getManifest();
  const patterns = (manifest.content_scripts ?? []).flatMap((cs) => cs.matches ?? []);
  try {
    for (const script of await registeredScripts()) patterns.push(...script.matches);
  } catch (error) {
    // Without the scripting API only the manifest's origins are enabled; never more.
    console.warn("[badges] could not list registered origins", error);
  }
  return patterns.some((pattern) => matchesPattern(pattern, url));
}
