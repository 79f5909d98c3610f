/**
 * A matrix-js-sdk logger that prints nothing: the command line's output is the report, and
 * failures reach the user as errors from the calls themselves, not as SDK log lines.
 */
import type { Logger } from "matrix-js-sdk/lib/logger.js";

const nothing = (): void => undefined;

export const quietLogger: Logger = {
  trace: nothing,
  debug: nothing,
  info: nothing,
  warn: nothing,
  error: nothing,
  getChild: () => quietLogger,
};
