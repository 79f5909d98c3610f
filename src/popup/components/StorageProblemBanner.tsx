/**
 * The overview's warning that the background cannot save the records (quota, a blocked or closed
 * database): said plainly, with the way to export what is stored before anything is cleared.
 */
import type { StorageProblem } from "../../protocol/messages.ts";
import { useApp } from "../state/app-context.ts";
import { formatTime, S } from "../strings.ts";

export function StorageProblemBanner({ problem }: { problem: StorageProblem }) {
  const { go } = useApp();
  return (
    <div class="card storage-problem" role="alert" data-storage-problem={problem.kind}>
      <p>{S.errors.recordsNotSaved(problem.message)}</p>
      <p class="muted small">{S.errors.recordsNotSavedSince(formatTime(problem.since))}</p>
      <button type="button" class="btn btn-link" data-action="export-records-link" onClick={() => go({ name: "settings", section: "export" })}>
        {S.errors.recordsExportLink}
      </button>
    </div>
  );
}
