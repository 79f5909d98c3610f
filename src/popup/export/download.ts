/** Saves text as a file through the browser's download of a blob URL (no downloads permission needed). */
export type ExportFormat = "json" | "csv" | "markdown";

const TYPES: Record<ExportFormat, { mime: string; ext: string }> = {
  json: { mime: "application/json", ext: "json" },
  csv: { mime: "text/csv", ext: "csv" },
  markdown: { mime: "text/markdown", ext: "md" },
};

export function exportFileName(format: ExportFormat, generatedAt: number): string {
  const stamp = new Date(generatedAt).toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return `matrix-trust-audit-${stamp}.${TYPES[format].ext}`;
}

export function downloadText(text: string, format: ExportFormat, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${TYPES[format].mime};charset=utf-8` }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
