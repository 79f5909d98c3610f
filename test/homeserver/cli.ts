// `npm run homeserver -- --scenario demo [--port 8008]`: serve a scenario until Ctrl-C.
import { parseArgs } from "node:util";
import { ScenarioError, startHomeserver } from "./index.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scenario: { type: "string", default: "demo" }, port: { type: "string", default: "8008" } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${values.port}`);
  const hs = await startHomeserver({ scenario: values.scenario!, port });
  console.log(`Homeserver listening on ${hs.url}`);
  for (const account of hs.accounts) {
    console.log(`account ${account.userId} password=${account.password}${account.recoveryKey ? ` recovery-key=${account.recoveryKey}` : ""}`);
  }
  const steps = Object.keys(hs.scenario.steps ?? {});
  if (steps.length > 0) console.log(`steps (type a name and press Enter to run): ${steps.join(", ")}`);
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    for (const line of chunk.split("\n").map((l) => l.trim()).filter(Boolean)) {
      hs.applyStep(line).then(
        () => console.log(`step ${line} applied`),
        (error: Error) => console.error(error.message),
      );
    }
  });
  const stop = () => {
    hs.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ScenarioError ? `Bad scenario file ${error.source}\n  at ${error.path}: ${error.problem}` : error instanceof Error ? error.message : String(error));
  process.exit(1);
});
