/**
 * The report as Markdown for sharing: a summary, then per room its findings and members' devices.
 * Every string from other users is escaped so it stays text (no links, HTML or table breaks).
 */
import type { AuditReport } from "../../core/verdicts.ts";
import { S } from "../strings.ts";

export function mdText(value: string): string {
  return value
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (c) => `\\${c}`)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replace(/[\r\n]+/g, " ");
}

const yesNo = (value: boolean) => (value ? S.exportHeadings.yes : S.exportHeadings.no);

export function reportToMarkdown(report: AuditReport): string {
  const h = S.exportHeadings;
  const out: string[] = [];
  out.push(`# ${h.title}`, "");
  out.push(`- ${h.account}: ${mdText(report.account.userId)} (${mdText(report.account.deviceId)})`);
  out.push(`- ${h.generated}: ${new Date(report.generatedAt).toISOString()}`, "");
  for (const room of report.rooms) {
    out.push(`## ${mdText(room.name || room.roomId)}`, "");
    out.push(`${mdText(room.roomId)} · ${h.encrypted}: ${yesNo(room.encrypted)}${room.encrypted ? ` · ${h.shield}: ${S.shield[room.shield]}` : ""}`, "");
    if (room.findings.length > 0) {
      out.push(`### ${h.findings}`, "", `| ${h.severity} | ${h.kind} | ${h.member} | ${h.device} | ${h.acknowledged} |`, "|---|---|---|---|---|");
      for (const f of room.findings)
        out.push(`| ${S.severity[f.severity]} | ${S.finding[f.kind]} | ${mdText(f.userId)} | ${mdText(f.deviceId ?? "")} | ${yesNo(f.acknowledged)} |`);
      out.push("");
    }
    out.push(`| ${h.member} | ${h.displayName} | ${h.userVerdict} | ${h.device} | ${h.deviceName} | ${h.fingerprint} | ${h.deviceVerdict} |`, "|---|---|---|---|---|---|---|");
    for (const m of room.members) {
      const devices = m.devices.length > 0 ? m.devices : [null];
      for (const d of devices)
        out.push(`| ${mdText(m.userId)} | ${mdText(m.displayName ?? "")} | ${S.userVerdict[m.verdict]} | ${mdText(d?.deviceId ?? "")} | ${mdText(d?.displayName ?? "")} | ${d?.ed25519 ? `\`${d.ed25519}\`` : ""} | ${d ? S.deviceVerdict[d.verdict] : ""} |`);
    }
    out.push("");
  }
  return out.join("\n");
}
