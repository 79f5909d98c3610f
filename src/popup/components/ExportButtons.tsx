/** Export the report the popup shows as JSON (the audit's own format), CSV or Markdown. */
import { reportToMarkdown } from "../../core/report-text.ts";
import type { AuditReport } from "../../core/verdicts.ts";
import { reportToCsv } from "../export/csv.ts";
import { downloadText, exportFileName, type ExportFormat } from "../export/download.ts";
import { reportToJson } from "../export/json.ts";
import { S } from "../strings.ts";

const FORMATS: { format: ExportFormat; label: string; make: (report: AuditReport) => string }[] = [
  { format: "json", label: S.settings.exportJson, make: reportToJson },
  { format: "csv", label: S.settings.exportCsv, make: reportToCsv },
  { format: "markdown", label: S.settings.exportMarkdown, make: reportToMarkdown },
];

export function ExportButtons({ report }: { report: AuditReport }) {
  return (
    <div class="actions">
      {FORMATS.map(({ format, label, make }) => (
        <button key={format} type="button" class="btn btn-secondary" data-export={format}
          onClick={() => downloadText(make(report), format, exportFileName(format, report.generatedAt))}>
          {label}
        </button>
      ))}
    </div>
  );
}
