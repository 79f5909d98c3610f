// Scenario files are checked before anything starts: the error names the file, the JSON path inside
// it and what is wrong. The shipped scenarios themselves must load.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { ScenarioError, startHomeserver, type Scenario } from "../../homeserver/index.ts";
import { loadScenario, SCENARIO_DIR } from "../../homeserver/scenario/load.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

function refusal(input: string | Scenario): ScenarioError {
  try {
    loadScenario(input);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  assert.fail("the scenario was accepted");
}

const base = (): Scenario => ({ name: "t", users: [{ id: "@a:localhost", password: "pw" }, { id: "@b:localhost", password: "pw" }] });

test("every shipped JSON scenario loads", () => {
  const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith(".json"));
  assert.ok(files.includes("demo.json"));
  for (const file of files) assert.equal(typeof loadScenario(join(SCENARIO_DIR, file)).name, "string", file);
});

test("a wrong type deep inside a file names the file and the path", () => {
  const error = refusal(join(FIXTURES, "bad-scenario.json"));
  assert.equal(error.source, join(FIXTURES, "bad-scenario.json"));
  assert.equal(error.path, "$.users[0].devices[0].oneTimeKeys");
  assert.match(error.problem, /integer/);
});

test("a missing file and broken JSON are refused with the file named", () => {
  assert.match(refusal(join(FIXTURES, "does-not-exist.json")).problem, /cannot read/);
  const broken = refusal(join(FIXTURES, "not-json.json"));
  assert.equal(broken.source, join(FIXTURES, "not-json.json"));
  assert.match(broken.problem, /not valid JSON/);
});

test("unknown fields, unknown users and impossible combinations are refused", () => {
  const typo = base();
  (typo.users[0] as unknown as Record<string, unknown>).displayname = "x";
  assert.match(refusal(typo).problem, /additional properties \(displayname\)/);
  const stranger = { ...base(), rooms: [{ creator: "@a:localhost", members: ["@nobody:localhost"] }] };
  assert.deepEqual([refusal(stranger).path, refusal(stranger).problem], ["$.rooms[0].members[0]", "unknown user @nobody:localhost"]);
  const secret = base();
  secret.users[0]!.crossSigning = false;
  secret.users[0]!.secretStorage = true;
  assert.equal(refusal(secret).path, "$.users[0].secretStorage");
  const message = { ...base(), rooms: [{ creator: "@a:localhost", encrypted: true, messages: [{ sender: "@a:localhost", body: "x" }] }] };
  assert.match(refusal(message).problem, /unencrypted/);
  const step = { ...base(), steps: { go: [{ action: "verify" as const, user: "@a:localhost", target: "@zed:localhost" }] } };
  assert.equal(refusal(step).path, "$.steps.go[0].target");
  const duplicate = base();
  duplicate.users[1]!.id = "@a:localhost";
  assert.match(refusal(duplicate).problem, /duplicate user/);
});

test("an unknown step name is refused with the steps that exist", async () => {
  const hs = await startHomeserver({ scenario: { ...base(), steps: { go: [{ action: "resetIdentity", user: "@a:localhost" }] } } });
  try {
    await assert.rejects(hs.applyStep("nope"), /has no step "nope" \(has: go\)/);
    const before = Object.values(hs.state.users.get("@a:localhost")!.crossSigning.master!.keys as object)[0];
    await hs.applyStep("go");
    assert.notEqual(Object.values(hs.state.users.get("@a:localhost")!.crossSigning.master!.keys as object)[0], before, "the step reset the identity");
  } finally {
    await hs.stop();
  }
});
