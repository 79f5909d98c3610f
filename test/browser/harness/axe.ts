/** axe-core, run inside a page through the browser's driver (so the page's CSP does not apply). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe in the page, as JSON text (what every driver carries back unchanged). */
const RUN = `(async () => {
  const result = await globalThis.axe.run(document, { resultTypes: ["violations"] });
  return JSON.stringify(result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) })));
})()`;

/** The page's serious and critical violations; `evaluate` runs an expression in the page and answers its value. */
export async function axeViolations(evaluate: (expression: string) => Promise<unknown>): Promise<Violation[]> {
  await evaluate(AXE_SOURCE);
  const found = JSON.parse((await evaluate(RUN)) as string) as Violation[];
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** One line per violation, for an assertion's message. */
export function describeViolation(v: Violation): string {
  return `${v.impact} ${v.id} — ${v.help} at ${v.nodes.join(" ")}`;
}
