/**
 * One of this account's own devices that is not verified: the two ways to vouch for it, both tied to
 * the device itself — emoji compared with that device, or its key compared group by group with the
 * one that device shows. A device the user does not recognise is to be signed out, not verified.
 * There is no one-click way to sign a device: a server can invent devices that look like yours.
 */
import { useEffect, useState } from "preact/hooks";
import type { ResponseOf } from "../../protocol/messages.ts";
import { useBackend } from "../backend.ts";
import { ActionButton } from "../components/ActionButton.tsx";
import { Fingerprint } from "../components/Fingerprint.tsx";
import { UserText } from "../components/UserText.tsx";
import { useApp } from "../state/app-context.ts";
import { OWN_DEVICE_WORDS as W } from "../screen-words/own-device.ts";
import { S } from "../strings.ts";
import "./verification.css";

type Device = ResponseOf<"device.fingerprint">;

export function VerifyOwnDevice({ deviceId }: { deviceId: string }) {
  const backend = useBackend();
  const { data, go } = useApp();
  const me = data.status?.userId;
  const [device, setDevice] = useState<Device | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    if (!me) return;
    const answer = await backend.send("device.fingerprint", { userId: me, deviceId });
    if (answer.ok) setDevice(answer.value);
    else setError(answer.error.message);
  };
  useEffect(() => void load(), [backend, me, deviceId]);

  const trusted = device !== null && (device.crossSigningVerified || device.localVerified);
  return (
    <div class="screen own-device" data-screen="own-device" data-state={!device ? "loading" : trusted ? "verified" : "unverified"}>
      <h1>{W.title}</h1>
      {error && <p class="action-error" role="alert">{error}</p>}
      {device && (
        <>
          <dl class="kv card">
            <dt>{S.device.displayName}</dt>
            <dd><UserText class="device-name" text={device.displayName} fallback={S.device.unnamed} /></dd>
            <dt>{S.device.deviceId}</dt>
            <dd class="device-id">{device.deviceId}</dd>
          </dl>
          <p class="tone-warning" data-own-device-warning>{W.unrecognised}</p>
          {trusted ? (
            <p class="tone-good" role="status">{W.alreadyVerified}</p>
          ) : (
            <>
              <section class="card" data-option="emoji">
                <h2>{W.emojiTitle}</h2>
                <p>{W.emojiHelp}</p>
                <ActionButton action="verify-own-device-emoji" kind="primary" label={W.emojiStart}
                  run={() => backend.send("verification.requestOwnDevice", { deviceId })}
                  onDone={({ flowId }) => go({ name: "flow", flowId })} />
              </section>
              <section class="card" data-option="compare">
                <h2>{W.compareTitle}</h2>
                <p>{W.compareWhere}</p>
                <div class="big-fingerprint"><Fingerprint ed25519={device.ed25519} /></div>
                <p class="muted small">{W.compareRule}</p>
                {/* The key shown above goes along: the background signs nothing if the device's key is another. */}
                <ActionButton action="cross-sign-compared" kind="secondary" label={W.compareConfirm} doneMessage={W.signed}
                  run={() => backend.send("device.crossSign", { deviceId, ed25519: device.ed25519 })} onDone={() => void load()} />
              </section>
            </>
          )}
          <p>
            <button type="button" class="btn btn-link" data-action="open-identity" onClick={() => go({ name: "identity" })}>{W.resetLink}</button>
          </p>
        </>
      )}
    </div>
  );
}
