// Stream tokens are "s<position>".
import { invalidParam, missingParam } from "../errors.ts";

export function parseToken(value: string | null, name: string): number {
  if (value === null) throw missingParam(`Missing ${name}`);
  const match = /^s(\d+)$/.exec(value);
  if (!match) throw invalidParam(`${name} is not a token this server issued`);
  return Number(match[1]);
}
