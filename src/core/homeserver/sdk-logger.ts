/**
 * A logger for matrix-js-sdk that keeps errors and drops the rest: the SDK logs every request and
 * warns about routine things (default push rules, pending key queries), which would flood the
 * background's console and hide what matters.
 */
import type { Logger } from "matrix-js-sdk/lib/logger.js";
import { logger as sdkGlobalLogger } from "matrix-js-sdk/lib/logger.js";

const drop = (): void => {};

export function quietLogger(prefix = "[session]"): Logger {
  const make = (name: string): Logger => ({
    trace: drop,
    debug: drop,
    info: drop,
    warn: drop,
    error: (...msg: unknown[]) => console.error(name, ...msg),
    getChild: (namespace: string) => make(`${name} ${namespace}`),
  });
  return make(prefix);
}

/**
 * Some SDK parts (the sync store, MatrixRTC) log through the SDK's global loglevel logger, whose
 * children are always set to DEBUG. Children copy the root's method factory, so replacing that
 * factory with one that keeps only errors quiets them all.
 */
export function quietSdkGlobalLogger(): void {
  type Factory = (method: string, level: number, name: string | symbol) => (...msg: unknown[]) => void;
  const root = sdkGlobalLogger as unknown as { methodFactory: Factory; rebuild?: () => void };
  const keepErrors: Factory = (method) => (method === "error" ? (...msg) => console.error("[matrix-js-sdk]", ...msg) : drop);
  if (root.methodFactory === keepErrors) return;
  root.methodFactory = keepErrors;
  root.rebuild?.();
}
