/**
 * The `ack` command: marks findings of the account's state as seen by the user, through the
 * store's own `acknowledge`. An ID is a finding's, or a problem's (the last report's problems:
 * acknowledging a problem acknowledges its findings, as in the popup). No sign-in is needed. Unknown
 * IDs are refused and then nothing is acknowledged, so a typing mistake cannot hide anything.
 */
import { problemsOf } from "../core/problems.ts";
import { loadAccountSnapshot } from "../store/audit/snapshot.ts";
import { acknowledge, listFindings } from "../store/findings.ts";
import { openAccountState } from "./account-state.ts";
import type { AckArgs } from "./args.ts";
import type { Console } from "./console.ts";
import { CliError } from "./errors.ts";
import { defaultStateDir } from "./state-dir.ts";

/** Answers how many findings were newly acknowledged. */
export async function runAck(args: AckArgs, io: Console): Promise<number> {
  const state = await openAccountState(args.stateDir ?? defaultStateDir(), args.user, { create: false, notice: io.note });
  try {
    if (state.fresh) throw new CliError(`There is no state of ${args.user} in ${state.file.dir} yet: run an audit first.`);
    const known = new Set((await listFindings(state.db, args.user)).map((f) => f.id));
    const last = await loadAccountSnapshot(state.db, args.user);
    const problems = new Map(problemsOf(last?.report.rooms ?? []).map((p) => [p.id, p.findingIds]));
    const findingIds = new Set<string>();
    const unknown: string[] = [];
    for (const id of args.findingIds) {
      if (known.has(id)) findingIds.add(id);
      else if (problems.has(id)) for (const f of problems.get(id)!) findingIds.add(f);
      else unknown.push(id);
    }
    if (unknown.length > 0)
      throw new CliError(`No finding or problem of ${args.user} has the ID ${unknown.map((id) => JSON.stringify(id)).join(", ")}. Nothing was acknowledged; copy the IDs from the report.`);
    const target = args.all ? { all: true as const } : { findingIds: [...findingIds] };
    const count = await acknowledge(state.db, args.user, target);
    await state.save();
    io.note(`Acknowledged ${count} finding(s)${args.all ? "" : ` (${findingIds.size - count} already were)`}.`);
    return count;
  } finally {
    state.close();
  }
}
