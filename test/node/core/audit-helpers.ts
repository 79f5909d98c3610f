// Small readers over an audit report, so the tests say what they check.
import type { AuditUpdate, Auditor } from "../../../src/core/auditor.ts";
import type { AuditReport, DeviceTrust, Finding, MemberTrust, RoomAudit } from "../../../src/core/verdicts.ts";

export function room(report: AuditReport, roomId: string): RoomAudit {
  const r = report.rooms.find((x) => x.roomId === roomId);
  if (!r) throw new Error(`report has no room ${roomId}`);
  return r;
}

export function member(report: AuditReport, roomId: string, userId: string): MemberTrust {
  const m = room(report, roomId).members.find((x) => x.userId === userId);
  if (!m) throw new Error(`room ${roomId} has no member ${userId}`);
  return m;
}

export function device(report: AuditReport, roomId: string, userId: string, deviceId: string): DeviceTrust {
  const d = member(report, roomId, userId).devices.find((x) => x.deviceId === deviceId);
  if (!d) throw new Error(`${userId} in ${roomId} has no device ${deviceId}`);
  return d;
}

/** Findings of a room as "kind user[/device]" strings, sorted. */
export function findingList(report: AuditReport, roomId: string): string[] {
  return room(report, roomId)
    .findings.map((f: Finding) => `${f.kind} ${f.userId}${f.deviceId ? `/${f.deviceId}` : ""}`)
    .sort();
}

/** Resolves with the first update (from now on) whose report satisfies `check`; fails rather than hang. */
export function nextUpdate(auditor: Auditor, check: (report: AuditReport) => boolean, what: string, limitMs = 30_000): Promise<AuditUpdate> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`No audit update brought: ${what}`));
    }, limitMs);
    const off = auditor.on("update", (update) => {
      if (!check(update.report)) return;
      clearTimeout(timer);
      off();
      resolve(update);
    });
  });
}
