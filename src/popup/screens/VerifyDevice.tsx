/** Compare a device's fingerprint out of band, then mark it verified on this session (or undo that). */
import type { Result } from "../../protocol/result.ts";
import { useBackend } from "../backend.ts";
import { ActionButton } from "../components/ActionButton.tsx";
import { Fingerprint } from "../components/Fingerprint.tsx";
import { UserText } from "../components/UserText.tsx";
import { DeviceVerdictTag } from "../components/VerdictTag.tsx";
import { useFullReport } from "../state/use-report.ts";
import { S } from "../strings.ts";

export function VerifyDevice({ userId, deviceId }: { userId: string; deviceId: string }) {
  const backend = useBackend();
  const full = useFullReport();
  // Until the report is here, show nothing of the device: an empty fingerprint would read as "none".
  if (!full.loaded) return <p class="empty" role="status">{S.loading}</p>;
  let member = undefined;
  for (const room of full.value?.rooms ?? []) {
    member = room.members.find((m) => m.userId === userId);
    if (member) break;
  }
  const device = member?.devices.find((d) => d.deviceId === deviceId);
  const setVerified = (ed25519: string, verified: boolean): Promise<Result<Record<string, never>>> =>
    // The fingerprint the user compared goes along: if the device's key changed meanwhile, nothing is marked.
    backend.send("device.setVerified", { userId, deviceId, verified, ed25519 });
  return (
    <div class="screen verify-device" data-screen="verify-device">
      <h1>{S.verifyDevice.title}</h1>
      <p>{S.verifyDevice.intro}</p>
      <dl class="kv card">
        <dt>{S.verifyDevice.owner}</dt>
        <dd><UserText text={member?.displayName} fallback={userId} /> <span class="mxid">{userId}</span></dd>
        <dt>{S.device.displayName}</dt>
        <dd><UserText text={device?.displayName} fallback={S.device.unnamed} /></dd>
        <dt>{S.device.deviceId}</dt>
        <dd class="device-id">{deviceId}</dd>
        <dt>{S.device.fingerprint}</dt>
        <dd class="big-fingerprint"><Fingerprint ed25519={device?.ed25519 ?? null} /></dd>
        {device && <><dt>{S.device.verdict}</dt><dd><DeviceVerdictTag verdict={device.verdict} /></dd></>}
      </dl>
      {device?.ed25519 && (
        <div class="actions">
          {device.verdict === "locally-verified" ? (
            <ActionButton action="unverify-device" kind="secondary" label={S.verifyDevice.unmark} doneMessage={S.actions.done} run={() => setVerified(device.ed25519!, false)} />
          ) : (
            <ActionButton action="confirm-verify-device" kind="primary" label={S.verifyDevice.confirm} doneMessage={S.actions.done} run={() => setVerified(device.ed25519!, true)} />
          )}
          <button type="button" class="btn btn-secondary" onClick={() => history.back()}>{S.verifyDevice.cancel}</button>
        </div>
      )}
    </div>
  );
}
