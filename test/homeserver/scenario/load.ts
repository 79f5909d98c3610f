// Finds a scenario by name (test/scenarios/<name>.json), by file path, or takes it as an object.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ScenarioError, validateScenario } from "./validate.ts";
import type { Scenario } from "./types.ts";

export const SCENARIO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../scenarios");

export function scenarioPath(nameOrPath: string): string {
  return /[/\\]|\.json$/.test(nameOrPath) ? resolve(nameOrPath) : resolve(SCENARIO_DIR, `${nameOrPath}.json`);
}

export function loadScenario(input: string | Scenario): Scenario {
  if (typeof input !== "string") return validateScenario(input, `scenario "${String((input as { name?: unknown }).name ?? "(unnamed)")}"`);
  const file = scenarioPath(input);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ScenarioError(file, "$", `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(file, "$", `not valid JSON: ${(error as Error).message}`);
  }
  return validateScenario(parsed, file);
}
