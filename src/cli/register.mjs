// The one place where Node-side entry points (tests, command line, test homeserver) are prepared:
// TypeScript through tsx, and the one newer API matrix-js-sdk 43 uses that Node 20 lacks.
// Browsers have Promise.withResolvers natively, so nothing here is bundled into the extension.
import { register } from "tsx/esm/api";

if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

register();
