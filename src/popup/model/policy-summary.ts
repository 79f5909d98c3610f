/**
 * What Element (or any client sending from your account) would do under each key-sharing mode,
 * summed over the audited encrypted rooms from their policy previews: the same figures the room
 * screens show one room at a time.
 */
import type { AuditReport } from "../../core/verdicts.ts";
import type { IsolationPolicy } from "../../protocol/messages.ts";

export interface ModeSummary {
  /** Devices that would get no room keys. */
  devicesLeftOut: number;
  /** Rooms where sending would fail (or could not happen at all). */
  roomsFailing: number;
}

export function policySummary(report: AuditReport): Record<IsolationPolicy, ModeSummary> {
  const out: Record<IsolationPolicy, ModeSummary> = {
    "all-devices": { devicesLeftOut: 0, roomsFailing: 0 },
    "all-devices-strict": { devicesLeftOut: 0, roomsFailing: 0 },
    "only-cross-signed": { devicesLeftOut: 0, roomsFailing: 0 },
  };
  for (const room of report.rooms) {
    if (!room.encrypted) continue;
    const p = room.policyPreview;
    if (p.failingUsers.length > 0) out["all-devices-strict"].roomsFailing++;
    out["only-cross-signed"].devicesLeftOut += p.excludedDevices.length;
    if (p.onlySignedBlocked !== null || p.onlySignedFailingUsers.length > 0) out["only-cross-signed"].roomsFailing++;
  }
  return out;
}
