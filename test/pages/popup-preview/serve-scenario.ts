/**
 * Starts the test homeserver with a generated scenario of N rooms (the bench's), for making a real
 * report to preview: `node --import ./src/cli/register.mjs test/pages/popup-preview/serve-scenario.ts 500`.
 * Development only; Ctrl-C stops it.
 */
import { startHomeserver } from "../../homeserver/index.ts";
import { manyRoomsScenario } from "../../bench/popup.ts";

const rooms = Number(process.argv[2] ?? 500);
const server = await startHomeserver({ scenario: manyRoomsScenario(rooms) });
console.log(`Homeserver listening on ${server.url}`);
process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
process.on("SIGINT", () => void server.stop().then(() => process.exit(0)));
