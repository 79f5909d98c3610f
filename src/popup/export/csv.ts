/**
 * The report as CSV: one line per device (members without devices get one line with empty device
 * columns). Every cell is quoted (RFC 4180), so a separator, quote or line break inside one never
 * splits it, whichever separator a spreadsheet's locale expects; any cell that a spreadsheet would run
 * as a formula (starting with = + - @, tab or CR) is prefixed with ' and read as text — display names
 * and device names come from other users.
 */
import type { AuditReport } from "../../core/verdicts.ts";
import { plainText } from "../../core/report-text.ts";
import { S } from "../strings.ts";

/**
 * Characters that make a spreadsheet read a cell as a formula when they come first (after any spaces:
 * line breaks and tabs become spaces in plainText, and some spreadsheets skip leading spaces).
 */
const FORMULA_START = /^[\t\r ]*[=+\-@\t\r]/;

export function csvCell(text: string): string {
  const value = plainText(text);
  const safe = FORMULA_START.test(text) || FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

const yesNo = (value: boolean) => (value ? S.exportHeadings.yes : S.exportHeadings.no);

export function reportToCsv(report: AuditReport): string {
  const h = S.exportHeadings;
  const header = [h.room, "room_id", h.encrypted, h.shield, h.member, h.displayName, h.userVerdict, h.device, h.deviceName, h.fingerprint,
    h.deviceVerdict, h.signedByOwner, h.crossSigningVerified, h.localVerified, h.findings];
  const lines = [header.map(csvCell).join(",")];
  for (const room of report.rooms) {
    for (const member of room.members) {
      const devices = member.devices.length > 0 ? member.devices : [null];
      for (const device of devices) {
        const findings = room.findings
          .filter((f) => f.userId === member.userId && (device ? f.deviceId === undefined || f.deviceId === device.deviceId : f.deviceId === undefined))
          .map((f) => f.kind)
          .join(" ");
        const cells = [room.name, room.roomId, yesNo(room.encrypted), room.encrypted ? room.shield : "", member.userId, member.displayName ?? "",
          member.verdict, device?.deviceId ?? "", device?.displayName ?? "", device?.ed25519 ?? "", device?.verdict ?? "",
          device ? yesNo(device.facts.signedByOwner) : "", device ? yesNo(device.facts.crossSigningVerified) : "",
          device ? yesNo(device.facts.localVerified) : "", findings];
        lines.push(cells.map(csvCell).join(","));
      }
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
