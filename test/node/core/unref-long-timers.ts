// matrix-js-sdk arms a 60–80 s abort timer for every request and never clears it; in a test
// process those would keep Node alive long after the test ended. Long timers are unref'd here:
// they still fire while anything else keeps the process alive. Import first in a test file.
const arm = globalThis.setTimeout;
globalThis.setTimeout = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = arm(handler, ms, ...args);
  if ((ms ?? 0) >= 3_000) timer.unref();
  return timer;
}) as typeof setTimeout;
