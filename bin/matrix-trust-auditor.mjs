#!/usr/bin/env node
// The `matrix-trust-auditor` command: prepares Node for the TypeScript sources (register.mjs:
// tsx, and Promise.withResolvers on Node 20), then runs the command line.
import "../src/cli/register.mjs";

const { main } = await import("../src/cli/main.ts");
const code = await main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  return 2;
});
// Flush standard output before leaving: a large JSON report piped to a file must arrive whole.
process.stdout.write("", () => process.exit(code));
