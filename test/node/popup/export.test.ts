import { test } from "node:test";
import assert from "node:assert/strict";
import { csvCell, reportToCsv } from "../../../src/popup/export/csv.ts";
import { reportToJson } from "../../../src/popup/export/json.ts";
import { mdText, reportToMarkdown } from "../../../src/core/report-text.ts";
import { exportFileName } from "../../../src/popup/export/download.ts";
import { device, finding, member, report, room } from "./report-parts.ts";

const HOSTILE = '<img src=x onerror=alert(1)> | [x](http://evil) =HYPERLINK("http://evil")';

const sample = () =>
  report([
    room("!r:x", {
      name: "Ops, \"quoted\"",
      members: [
        member("@bob:x", { displayName: HOSTILE, devices: [device("@bob:x", "B1", { displayName: "=1+1" }), device("@bob:x", "B2")] }),
        member("@nodev:x"),
      ],
      findings: [finding("f1", { userId: "@bob:x", deviceId: "B1", kind: "unsigned-device" })],
    }),
  ]);

test("CSV: every cell quoted per RFC 4180; cells starting with = + - @, tab or CR prefixed so spreadsheets read text", () => {
  assert.equal(csvCell("plain"), '"plain"');
  assert.equal(csvCell(""), '""');
  assert.equal(csvCell('a,"b"'), '"a,""b"""');
  // A locale whose separator is ";" (or a tab) still sees one cell.
  assert.equal(csvCell("a;b"), '"a;b"');
  for (const start of ["=", "+", "-", "@", " =", "\t", "\r", "\t=", "\r\n@"]) {
    const cell = `${start}HYPERLINK("http://evil.example","x")`;
    const shown = cell.replace(/[\r\n\t]+/g, " "); // line breaks and tabs are shown as spaces
    assert.equal(csvCell(cell), `"'${shown.replaceAll('"', '""')}"`, JSON.stringify(start));
  }
  assert.equal(csvCell("x=1"), '"x=1"', "only the first character matters");
});

test("CSV: every cell of every line is quoted, formula-looking names defused", () => {
  const lines = reportToCsv(sample()).trimEnd().split("\r\n");
  for (const line of lines) {
    // Fields split on the commas between quoted cells: each is one quoted cell.
    for (const field of line.split('","')) assert.ok(/^"?[^"]*(""[^"]*)*"?$/.test(field), `${field} in ${line}`);
    assert.ok(line.startsWith('"') && line.endsWith('"'), line);
  }
});

test("CSV has one line per device, and one for a member without devices", () => {
  const lines = reportToCsv(sample()).trimEnd().split("\r\n");
  assert.equal(lines.length, 1 + 3);
  assert.ok(lines[1]!.includes("B1") && lines[1]!.includes("unsigned-device"));
  assert.ok(!lines[2]!.includes("unsigned-device"), "the finding belongs to B1 only");
  assert.ok(lines[1]!.includes(`"'=1+1"`));
});

test("Markdown escapes other users' strings so they stay text", () => {
  const md = reportToMarkdown(sample());
  assert.ok(!md.includes("<img"), "no raw HTML");
  assert.ok(!md.includes("](http"), "no live link");
  assert.ok(md.includes("&lt;img"));
  assert.equal(mdText("a|b"), "a\\|b");
  assert.equal(mdText("line\nbreak"), "line break");
  const tableRows = md.split("\n").filter((l) => l.startsWith("| \\@bob"));
  for (const row of tableRows) assert.equal(row.split(/(?<!\\)\|/).length, 9, row);
});

test("JSON export is the report itself", () => {
  const r = sample();
  assert.deepEqual(JSON.parse(reportToJson(r)), r);
});

test("export file names carry the audit's time", () => {
  assert.equal(exportFileName("markdown", Date.UTC(2026, 10, 27, 14, 5)), "matrix-trust-audit-202611271405.md");
});
