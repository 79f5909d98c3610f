/**
 * A logger for matrix-js-sdk that keeps warnings and errors and drops its chatty debug output
 * (the SDK logs every request, which would flood the service worker console).
 */
import type { Logger } from "matrix-js-sdk/lib/logger.js";
import { logger as sdkGlobalLogger } from "matrix-js-sdk/lib/logger.js";

const drop = (): void => {};

export function quietLogger(prefix = "[session]"): Logger {
  const make = (name: string): Logger => ({
    trace: drop,
    debug: drop,
    info: drop,
    warn: (...msg: unknown[]) => console.warn(name, ...msg),
    error: (...msg: unknown[]) => console.error(name, ...msg),
    getChild: (namespace: string) => make(`${name} ${namespace}`),
  });
  return make(prefix);
}

/** Some SDK parts (the sync store) log through the SDK's global logger; quiet it too. */
export function quietSdkGlobalLogger(): void {
  const level = sdkGlobalLogger as unknown as { setLevel?: (level: string, persist?: boolean) => void };
  level.setLevel?.("warn", false);
}
