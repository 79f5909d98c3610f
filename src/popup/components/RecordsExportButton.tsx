/**
 * Downloads every record of the account (findings, identity changes, history) as the background's
 * store exports them. The background only reads for this, so it works while its writes fail.
 */
import { useState } from "preact/hooks";
import { useBackend } from "../backend.ts";
import { downloadText } from "../export/download.ts";
import { S } from "../strings.ts";

export function RecordsExportButton() {
  const backend = useBackend();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const exportRecords = async () => {
    setBusy(true);
    const answer = await backend.send("records.export", {});
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    const stamp = new Date(answer.value.exportedAt).toISOString().slice(0, 16).replace(/[-:T]/g, "");
    downloadText(answer.value.json, "json", `matrix-trust-records-${stamp}.json`);
  };

  return (
    <div class="records-export">
      <p class="muted small">{S.settings.exportRecordsHelp}</p>
      <button type="button" class="btn btn-secondary" data-export="records" disabled={busy} onClick={() => void exportRecords()}>
        {S.settings.exportRecords}
      </button>
      {error && <p class="action-error" role="alert">{error}</p>}
    </div>
  );
}
