/**
 * The report as text: a plain-text table (command line) and Markdown (command line and the popup's
 * export), both from here, in the words of ./words.ts. Both list problems (./problems.ts) first,
 * then each room with the problems it holds and its members' devices.
 *
 * Names, device names and room names are chosen by other people: control characters and bidi
 * controls are replaced (they could restyle a terminal or reorder what a line seems to say), and
 * Markdown and HTML syntax is escaped, so they print as the text they are.
 */
import type { Problem } from "./problems.ts";
import type { AuditReport, DeviceTrust, MemberTrust, RoomAudit } from "./verdicts.ts";
import { DEVICE_VERDICT_WORDS, problemTitle, REPORT_WORDS as W, SEVERITY_WORDS, SHIELD_WORDS, USER_VERDICT_WORDS } from "./words.ts";

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Other people's text, safe to print on one line: line breaks become spaces, other control and bidi characters "?". */
export function plainText(text: string | null | undefined): string {
  return (text ?? "").replace(/[\r\n\t\u2028\u2029]+/g, " ").replace(UNSAFE, "?");
}

/** Other people's text for Markdown: `plainText`, with Markdown and HTML syntax escaped. */
export function mdText(text: string | null | undefined): string {
  return plainText(text)
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (c) => `\\${c}`)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;");
}

/** A member's shown name in any room of the report, or null. */
export function displayNameIn(rooms: readonly RoomAudit[], userId: string): string | null {
  for (const room of rooms) {
    const name = room.members.find((m) => m.userId === userId)?.displayName;
    if (name) return name;
  }
  return null;
}

/** A problem's title with the person's shown name (their user ID when they set none). */
export function titleOf(problem: Problem, rooms: readonly RoomAudit[]): string {
  return problemTitle(problem, displayNameIn(rooms, problem.userId) ?? problem.userId);
}

function roomName(rooms: readonly RoomAudit[], roomId: string): string {
  return rooms.find((r) => r.roomId === roomId)?.name || roomId;
}

/** The problems that touch one room (the report's `problems` already hold every room's). */
export function problemsInRoom(report: AuditReport, roomId: string): Problem[] {
  return report.problems.filter((p) => p.roomIds.includes(roomId));
}

function headline(report: AuditReport): string {
  const s = report.summary;
  return `${W.encryptedOf(s.encryptedRooms, s.rooms)}; ${W.problemCount(report.problems.length)} (${W.severityCounts(s.problems)}), ${W.open(s.problems.unacknowledged)}`;
}

const when = (ms: number) => new Date(ms).toISOString();
const yesNo = (value: boolean) => (value ? W.yes : W.no);

function deviceText(d: DeviceTrust, esc: (s: string | null) => string): string {
  const name = d.displayName ? ` "${esc(d.displayName)}"` : "";
  return `${esc(d.deviceId)}${name}: ${DEVICE_VERDICT_WORDS[d.verdict]}`;
}

function memberText(m: MemberTrust, esc: (s: string | null) => string): string {
  const name = m.displayName && m.displayName !== m.userId ? ` (${esc(m.displayName)})` : "";
  const devices = m.devicesKnown ? W.deviceCount(m.devices.length) : W.devicesUnknown;
  return `${esc(m.userId)}${name}: ${USER_VERDICT_WORDS[m.verdict]}, ${devices}`;
}

function subjectText(p: Problem, esc: (s: string | null) => string): string {
  return p.deviceId !== undefined ? `${esc(p.userId)} / ${esc(p.deviceId)}` : esc(p.userId);
}

function policyLines(room: RoomAudit, esc: (s: string) => string): string[] {
  const p = room.policyPreview;
  const lines: string[] = [];
  if (p.onlySignedBlocked) lines.push(`${W.policyBlocked} ${p.onlySignedBlocked}`);
  if (p.excludedDevices.length > 0) lines.push(`${W.policyExcluded} ${p.excludedDevices.map((d) => `${esc(d.userId)} / ${esc(d.deviceId)}`).join(", ")}`);
  if (p.failingUsers.length > 0) lines.push(`${W.policyStrict} ${p.failingUsers.map(esc).join(", ")}`);
  return lines;
}

/** Rooms with more members than this list problems but not every member's devices. */
const MEMBERS_LISTED = 50;

/** The report as a plain-text table for a terminal. */
export function reportToText(report: AuditReport): string {
  const esc = (s: string | null) => plainText(s);
  const problemLine = (p: Problem) =>
    `  [${SEVERITY_WORDS[p.severity].toUpperCase().padEnd(8)}] ${plainText(titleOf(p, report.rooms))} (${subjectText(p, esc)})` +
    `${p.acknowledged ? ` (${W.acknowledged.toLowerCase()})` : ""}`;
  const lines = [
    `${W.title} for ${plainText(report.account.userId)} (${when(report.generatedAt)})`,
    ...(report.account.trustCaveat ? [`Note: ${plainText(report.account.trustCaveat)}`] : []),
    headline(report),
    "",
    `${W.problems} (${report.problems.length})`,
  ];
  for (const p of report.problems)
    lines.push(problemLine(p), `      ${W.inRooms} ${p.roomIds.map((id) => plainText(roomName(report.rooms, id))).join(", ")}`);
  if (report.problems.length === 0) lines.push(`  ${W.noProblems}`);
  for (const room of report.rooms) {
    const here = problemsInRoom(report, room.roomId);
    lines.push(
      "",
      `${plainText(room.name)}  ${plainText(room.roomId)}`,
      `  ${W.encrypted}: ${yesNo(room.encrypted)}   ${W.shield}: ${SHIELD_WORDS[room.encrypted ? room.shield : "none"]}` +
        `   ${W.members}: ${room.members.length}${room.isDirect ? `   (${W.direct})` : ""}`,
    );
    if (!room.encrypted) continue;
    lines.push(`  ${W.problems} (${here.length})`, ...here.map(problemLine));
    lines.push(...policyLines(room, plainText).map((l) => `  ${l}`));
    if (room.members.length <= MEMBERS_LISTED)
      for (const m of room.members) {
        lines.push(`  - ${memberText(m, esc)}`);
        for (const d of m.devices) lines.push(`      ${deviceText(d, esc)}`);
      }
  }
  return lines.join("\n") + "\n";
}

/** The report as Markdown, for sharing: problems, then each room. */
export function reportToMarkdown(report: AuditReport): string {
  const esc = (s: string | null) => mdText(s);
  const problemHeader = [`| ${W.severity} | ${W.problem} | ${W.who} | ${W.rooms} | ${W.firstSeen} | ${W.acknowledged} |`, "|---|---|---|---|---|---|"];
  const problemRow = (p: Problem) =>
    `| ${SEVERITY_WORDS[p.severity]} | ${mdText(titleOf(p, report.rooms))} | ${subjectText(p, esc)} | ` +
    `${p.roomIds.map((id) => mdText(roomName(report.rooms, id))).join(", ")} | ${when(p.firstSeen)} | ${yesNo(p.acknowledged)} |`;
  const out = [
    `# ${W.title}`,
    "",
    `- ${W.account}: ${mdText(report.account.userId)} (${mdText(report.account.deviceId)})`,
    `- ${W.generated}: ${when(report.generatedAt)}`,
    `- ${headline(report)}`,
    ...(report.account.trustCaveat ? ["", `> Note: ${mdText(report.account.trustCaveat)}`] : []),
    "",
    `## ${W.problems} (${report.problems.length})`,
    "",
  ];
  if (report.problems.length === 0) out.push(W.noProblems, "");
  else out.push(...problemHeader, ...report.problems.map(problemRow), "");
  out.push(`## ${W.rooms}`, "");
  for (const room of report.rooms) {
    out.push(`### ${mdText(room.name || room.roomId)}`, "");
    out.push(`- ${W.roomId}: \`${plainText(room.roomId).replace(/`/g, "'")}\``);
    out.push(`- ${W.encrypted}: ${yesNo(room.encrypted)}; ${W.shield}: ${SHIELD_WORDS[room.encrypted ? room.shield : "none"]}${room.isDirect ? ` (${W.direct})` : ""}`);
    out.push(...policyLines(room, mdText).map((l) => `- ${l}`), "");
    if (!room.encrypted) continue;
    const here = problemsInRoom(report, room.roomId);
    out.push(`#### ${W.problems} (${here.length})`, "");
    if (here.length > 0) out.push(...problemHeader, ...here.map(problemRow), "");
    if (room.members.length > MEMBERS_LISTED) continue;
    out.push(`| ${W.member} | ${W.displayName} | ${W.userVerdict} | ${W.device} | ${W.deviceName} | ${W.fingerprint} | ${W.deviceVerdict} |`, "|---|---|---|---|---|---|---|");
    for (const m of room.members) {
      const devices = m.devices.length > 0 ? m.devices : [null];
      for (const d of devices)
        out.push(
          `| ${mdText(m.userId)} | ${mdText(m.displayName)} | ${USER_VERDICT_WORDS[m.verdict]} | ${mdText(d?.deviceId)} | ${mdText(d?.displayName)} | ` +
            `${d?.ed25519 ? `\`${d.ed25519.replace(/`/g, "")}\`` : ""} | ${d ? DEVICE_VERDICT_WORDS[d.verdict] : ""} |`,
        );
    }
    out.push("");
  }
  return out.join("\n");
}
