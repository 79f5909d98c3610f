/** Set by build.mjs: true only in test builds (`--test-origins`), where the content script's test probe
 * and the background's bench sync mode (src/background/session/bench-sync-mode.ts) are bundled. */
declare const __TEST_BUILD__: boolean;
