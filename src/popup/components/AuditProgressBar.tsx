/** Rooms audited out of total while a full audit runs. */
import type { AuditProgress } from "../../core/verdicts.ts";
import { S } from "../strings.ts";

export function AuditProgressBar({ progress }: { progress: AuditProgress }) {
  const text = S.progress.text(progress.roomsDone, progress.roomsTotal);
  return (
    <div class="progress" role="status" data-progress={`${progress.roomsDone}/${progress.roomsTotal}`}>
      <progress max={progress.roomsTotal} value={progress.roomsDone} aria-label={S.progress.label} />
      <span class="muted">{text}</span>
    </div>
  );
}
