// `npm run homeserver` as a person uses it: it prints where it listens and the accounts, serves a
// real request, stops on Ctrl-C (SIGINT), and refuses a bad scenario file with a clear message.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = ["--import", "./src/cli/register.mjs", "test/homeserver/cli.ts"];

function start(args: string[]) {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return { child, output: () => stdout, errors: () => stderr };
}

async function lines(read: () => string, count: number, exited: Promise<unknown>): Promise<string[]> {
  let done = false;
  exited.then(() => (done = true));
  while (read().split("\n").filter(Boolean).length < count && !done) await new Promise((r) => setTimeout(r, 50));
  return read().split("\n").filter(Boolean);
}

test("starts the demo on a free port, lists accounts, answers, stops on SIGINT", async () => {
  const run = start(["--scenario", "demo", "--port", "0"]);
  const exited = once(run.child, "exit");
  const output = await lines(run.output, 10, exited);
  const match = /^Homeserver listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(output[0] ?? "");
  assert.ok(match, `first line: ${output[0]} (stderr: ${run.errors()})`);
  assert.match(output[1]!, /^account @demo:localhost password=demo-password recovery-key=(\w{4} ){11}\w{4}$/);
  assert.equal(output[2], "account @alice:localhost password=alice-password", "no recovery key without secret storage");
  const versions = await fetch(`${match[1]}/_matrix/client/versions`);
  assert.equal(versions.status, 200);
  assert.match(output.at(-1)!, /^steps \(type a name and press Enter to run\): add-device, reset-identities$/);
  run.child.stdin.write("add-device\n");
  await lines(run.output, output.length + 1, exited);
  assert.equal(run.output().split("\n").filter(Boolean).at(-1), "step add-device applied");
  run.child.kill("SIGINT");
  const [code] = await exited;
  assert.equal(code, 0);
});

test("a bad scenario file is refused with the file, the path inside it and the problem", async () => {
  const file = "test/node/homeserver/fixtures/bad-scenario.json";
  const run = start(["--scenario", file, "--port", "0"]);
  const [code] = await once(run.child, "exit");
  assert.equal(code, 1);
  assert.match(run.errors(), /bad-scenario\.json/);
  assert.match(run.errors(), /\$\.users\[0\]\.devices\[0\]\.oneTimeKeys/);
  assert.match(run.errors(), /must be integer/);
  assert.equal(run.output(), "", "nothing claims to be listening");
});
