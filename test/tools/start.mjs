// `npm start [-- --firefox] [-- --headless]`: the demo (test/tools/demo/main.ts). This file only
// prepares Node for TypeScript (the one shared register.mjs) and hands over.
await import("../../src/cli/register.mjs");
const { main } = await import("./demo/main.ts");
process.exit(await main(process.argv.slice(2)));
