/** Set by build.mjs: true only in test builds (`--test-origins`), where the content script's test probe is bundled. */
declare const __TEST_BUILD__: boolean;
