/**
 * Rendering an audit report for a terminal (table) or for a document (markdown). Names and device
 * names are chosen by other users: control characters are removed, and markdown syntax escaped, so
 * they print as the text they are and cannot restyle the terminal or the document.
 */
import type { AuditReport, DeviceTrust, Finding, MemberTrust, RoomAudit } from "../core/verdicts.ts";

/** Other users' text, made safe to print: no control characters (terminal escapes), one line. */
export function plain(text: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (text ?? "").replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, "?");
}

function md(text: string | null | undefined): string {
  return plain(text).replace(/[\\`*_{}[\]()<>#+!|~-]/g, (c) => `\\${c}`);
}

const KIND_TEXT: Record<Finding["kind"], string> = {
  "verification-violation": "was verified, but their identity changed since",
  "identity-changed": "identity changed since first seen (not yet accepted)",
  "unsigned-device-of-verified-user": "verified user has a device they did not sign",
  "unsigned-device": "device not signed by its owner",
  "own-unverified-device": "one of your own devices is not verified",
  "user-without-cross-signing": "user has no cross-signing, so cannot be verified",
  "new-unverified-device": "new unverified device since the member was first seen",
  "lookalike-name": "name reads the same as another member's (look-alike characters)",
};

export function describeFinding(f: Finding, esc: (s: string) => string = plain): string {
  if (f.kind === "lookalike-name" && f.lookalikeOf) return `display name reads like ${esc(f.lookalikeOf)}`;
  return KIND_TEXT[f.kind];
}

function subject(f: Finding, esc: (s: string | null) => string): string {
  return f.deviceId ? `${esc(f.userId)} / ${esc(f.deviceId)}` : esc(f.userId);
}

function deviceLine(d: DeviceTrust, esc: (s: string | null) => string): string {
  const name = d.displayName ? ` "${esc(d.displayName)}"` : "";
  return `${esc(d.deviceId)}${name}: ${d.verdict}`;
}

function memberLine(m: MemberTrust, esc: (s: string | null) => string): string {
  const name = m.displayName && m.displayName !== m.userId ? ` (${esc(m.displayName)})` : "";
  const devices = m.devicesKnown ? `${m.devices.length} device(s)` : "device list unknown";
  return `${esc(m.userId)}${name}: ${m.verdict}, ${devices}`;
}

function caveat(report: AuditReport): string[] {
  return report.account.trustCaveat ? [`Note: ${report.account.trustCaveat}`] : [];
}

export function formatTable(report: AuditReport): string {
  const s = report.summary;
  const lines = [
    `Matrix Trust Auditor report for ${plain(report.account.userId)} (${new Date(report.generatedAt).toISOString()})`,
    ...caveat(report),
    `${s.encryptedRooms} encrypted of ${s.rooms} room(s); findings: ${s.findings.critical} critical, ` +
      `${s.findings.warning} warning, ${s.findings.notice} notice`,
  ];
  for (const room of report.rooms) lines.push("", ...roomTable(room));
  return lines.join("\n") + "\n";
}

function roomTable(room: RoomAudit): string[] {
  const lines = [
    `${plain(room.name)}  ${plain(room.roomId)}`,
    `  encrypted: ${room.encrypted ? "yes" : "no"}   Element shield: ${room.encrypted ? room.shield : "none"}` +
      `   members: ${room.members.length}${room.isDirect ? "   (direct message)" : ""}`,
  ];
  if (!room.encrypted) return lines;
  for (const f of room.findings)
    lines.push(`  [${f.severity.toUpperCase().padEnd(8)}] ${subject(f, plain)}: ${describeFinding(f)}${f.acknowledged ? " (acknowledged)" : ""}`);
  const p = room.policyPreview;
  if (p.onlySignedBlocked) lines.push(`  "Exclude insecure devices" mode could not send here: ${p.onlySignedBlocked}`);
  if (p.excludedDevices.length > 0)
    lines.push(`  "Exclude insecure devices" mode would exclude: ${p.excludedDevices.map((d) => `${plain(d.userId)}/${plain(d.deviceId)}`).join(", ")}`);
  if (p.failingUsers.length > 0) lines.push(`  Strict mode would refuse to send because of: ${p.failingUsers.map(plain).join(", ")}`);
  if (room.members.length <= 50)
    for (const m of room.members) {
      lines.push(`  - ${memberLine(m, plain)}`);
      for (const d of m.devices) lines.push(`      ${deviceLine(d, plain)}`);
    }
  return lines;
}

export function formatMarkdown(report: AuditReport): string {
  const s = report.summary;
  const lines = [
    `# Matrix Trust Auditor report for ${md(report.account.userId)}`,
    "",
    `Generated ${new Date(report.generatedAt).toISOString()}. ${s.encryptedRooms} encrypted of ${s.rooms} room(s); ` +
      `findings: ${s.findings.critical} critical, ${s.findings.warning} warning, ${s.findings.notice} notice.`,
    ...caveat(report).map((c) => `\n> ${md(c)}`),
  ];
  for (const room of report.rooms) {
    lines.push("", `## ${md(room.name)}`, "", `- Room ID: \`${plain(room.roomId).replace(/`/g, "'")}\``);
    lines.push(`- Encrypted: ${room.encrypted ? "yes" : "no"}; Element shield: ${room.encrypted ? room.shield : "none"}`);
    if (!room.encrypted) continue;
    if (room.findings.length > 0) {
      lines.push("", "| Severity | Who | Finding | First seen |", "| --- | --- | --- | --- |");
      for (const f of room.findings)
        lines.push(`| ${f.severity} | ${subject(f, md)} | ${describeFinding(f, md)}${f.acknowledged ? " (acknowledged)" : ""} | ${new Date(f.firstSeen).toISOString()} |`);
    }
    if (room.members.length <= 50) {
      lines.push("", "Members:", "");
      for (const m of room.members) {
        lines.push(`- ${memberLine(m, md)}`);
        for (const d of m.devices) lines.push(`  - ${deviceLine(d, md)}`);
      }
    }
  }
  return lines.join("\n") + "\n";
}
