/** The rows of the room screen's member list: a member (toggles their devices), their actions, a device. */
import type { DeviceTrust, MemberTrust } from "../../core/verdicts.ts";
import type { MemberRow } from "../model/member-rows.ts";
import { useApp } from "../state/app-context.ts";
import { formatShortTime, plural, S } from "../strings.ts";
import { Fingerprint } from "./Fingerprint.tsx";
import { UserText } from "./UserText.tsx";
import { VerifyUserButton } from "./VerifyUserButton.tsx";
import { DeviceVerdictTag, UserVerdictTag } from "./VerdictTag.tsx";

export function MemberRowView({ row, roomId, ownUserId, onToggle }: { row: MemberRow; roomId: string; ownUserId: string; onToggle: (userId: string) => void }) {
  switch (row.kind) {
    case "member":
      return <MemberLine member={row.member} expanded={row.expanded} onToggle={onToggle} />;
    case "member-actions":
      return <MemberActions member={row.member} roomId={roomId} />;
    case "no-devices":
      return <p class="row-note muted">{row.member.devicesKnown ? S.room.noDevices : S.room.devicesUnknown}</p>;
    case "device":
      return <DeviceDetails member={row.member} device={row.device} own={row.member.userId === ownUserId} />;
  }
}

function MemberLine({ member, expanded, onToggle }: { member: MemberTrust; expanded: boolean; onToggle: (userId: string) => void }) {
  return (
    <button type="button" class="member-row" data-row-focus data-user-id={member.userId} data-user-verdict={member.verdict}
      aria-expanded={expanded} onClick={() => onToggle(member.userId)}>
      <span class="chevron" aria-hidden="true">{expanded ? "▾" : "▸"}</span>
      <span class="member-text">
        <UserText class="member-name" text={member.displayName} fallback={member.userId} cut />
        <span class="mxid" title={member.userId}>{member.userId}</span>
      </span>
      <span class="member-side">
        <UserVerdictTag verdict={member.verdict} />
        <span class="muted small">{plural(member.devices.length, S.rooms.devices)}</span>
      </span>
    </button>
  );
}

function MemberActions({ member, roomId }: { member: MemberTrust; roomId: string }) {
  const { go } = useApp();
  const changed = member.verdict === "verification-violation" || member.verdict === "identity-changed";
  return (
    <div class="actions member-actions" data-member-actions={member.userId}>
      <VerifyUserButton userId={member.userId} roomId={roomId} who={member.displayName || member.userId} kind={changed ? "primary" : "secondary"} />
      {/* Accepting or withdrawing happens on the screen that shows the new key, never from the row. */}
      {changed && (
        <button type="button" class="btn btn-secondary" data-action="review-identity" onClick={() => go({ name: "identity-change", userId: member.userId })}>
          {S.actions.reviewIdentity}
        </button>
      )}
    </div>
  );
}

function Fact({ label, value, name }: { label: string; value: boolean; name: string }) {
  return (
    <li class={value ? "fact-yes" : "fact-no"} data-fact={name} data-value={String(value)}>
      <span aria-hidden="true">{value ? "✓" : "✗"}</span> {label}: <strong>{value ? S.device.yes : S.device.no}</strong>
    </li>
  );
}

function DeviceDetails({ member, device, own }: { member: MemberTrust; device: DeviceTrust; own: boolean }) {
  const { go } = useApp();
  const trusted = device.verdict === "verified" || device.verdict === "locally-verified";
  return (
    <section class="device" data-device-id={device.deviceId} data-user-id={member.userId} data-device-verdict={device.verdict}
      aria-label={`${S.device.deviceId} ${device.deviceId}: ${S.deviceVerdict[device.verdict]}`}>
      <div class="device-head">
        <UserText class="device-name" text={device.displayName} fallback={S.device.unnamed} cut />
        <DeviceVerdictTag verdict={device.verdict} />
      </div>
      <div class="muted small">
        {S.device.deviceId}: <span class="device-id">{device.deviceId}</span>
        {device.firstSeen !== undefined && (
          <> · {S.device.firstSeen}: <time class="device-first-seen" dateTime={new Date(device.firstSeen).toISOString()}>{formatShortTime(device.firstSeen)}</time></>
        )}
      </div>
      <Fingerprint ed25519={device.ed25519} />
      <ul class="facts" aria-label={S.device.facts}>
        <Fact name="signedByOwner" label={S.device.signedByOwner} value={device.facts.signedByOwner} />
        <Fact name="crossSigningVerified" label={S.device.crossSigningVerified} value={device.facts.crossSigningVerified} />
        <Fact name="localVerified" label={S.device.localVerified} value={device.facts.localVerified} />
      </ul>
      {!trusted && device.ed25519 && (
        <div class="actions">
          {own ? (
            <button type="button" class="btn btn-secondary" data-action="verify-own-device"
              onClick={() => go({ name: "own-device", deviceId: device.deviceId })}>
              {S.actions.verifyOwnDevice}
            </button>
          ) : (
            <button type="button" class="btn btn-secondary" data-action="verify-device"
              onClick={() => go({ name: "verify-device", userId: member.userId, deviceId: device.deviceId })}>
              {S.actions.verifyDevice}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
