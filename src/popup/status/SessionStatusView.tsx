/**
 * Who the auditor is signed in as, on which server, with which device and key, how its sync is
 * doing, and whether its cross-signing is ready. Renders nothing when signed out.
 */
import type { SessionStatus } from "../../protocol/messages.ts";
import { Fingerprint } from "../components/Fingerprint.tsx";
import { formatTime, S } from "../strings.ts";

function Fact({ label, value }: { label: string; value: boolean }) {
  return (
    <li class={value ? "fact-yes" : "fact-no"}>
      <span aria-hidden="true">{value ? "✓" : "–"}</span> {label}: {value ? S.sessionStatus.yes : S.sessionStatus.no}
    </li>
  );
}

function syncWords(sync: NonNullable<SessionStatus["sync"]>): string {
  if (sync.state === "offline" && sync.offlineSince !== undefined) return S.sessionStatus.offlineSince(formatTime(sync.offlineSince));
  return S.sessionStatus.syncState[sync.state];
}

export function SessionStatusView({ status }: { status: SessionStatus | null }) {
  if (!status?.signedIn) return null;
  const sync = status.sync ?? { state: "stopped" as const };
  const crossSigning = status.crossSigning;
  return (
    <section class="card session-status" data-session-status aria-label={S.sessionStatus.title}>
      <h2>{S.sessionStatus.title}</h2>
      <dl class="kv">
        <dt>{S.sessionStatus.user}</dt>
        <dd class="mxid" data-field="user">{status.userId}</dd>
        <dt>{S.sessionStatus.homeserver}</dt>
        <dd data-field="homeserver">{status.homeserverUrl}</dd>
        <dt>{S.sessionStatus.device}</dt>
        <dd data-field="device-id"><code class="device-id">{status.deviceId}</code></dd>
        <dt>{S.sessionStatus.fingerprint}</dt>
        <dd data-field="ed25519"><Fingerprint ed25519={status.ed25519 ?? null} /></dd>
        <dt>{S.sessionStatus.sync}</dt>
        <dd data-field="sync" data-sync-state={sync.state}>{syncWords(sync)}</dd>
        {sync.lastError && (
          <>
            <dt>{S.sessionStatus.lastError}</dt>
            <dd data-field="sync-error" class="muted">{sync.lastError}</dd>
          </>
        )}
        <dt>{S.sessionStatus.crypto}</dt>
        <dd data-field="crypto" data-crypto-ready={String(status.cryptoReady === true)}>
          {status.cryptoReady ? S.sessionStatus.cryptoReady : S.sessionStatus.cryptoOpening}
        </dd>
        <dt>{S.sessionStatus.crossSigning}</dt>
        <dd data-field="cross-signing" data-ready={String(status.crossSigningReady === true)}>
          <span class={status.crossSigningReady ? "tone-good" : "tone-warning"}>
            {status.crossSigningReady ? S.sessionStatus.crossSigningReady : S.sessionStatus.crossSigningNotReady}
          </span>
          {crossSigning && (
            <ul class="facts">
              <Fact label={S.sessionStatus.facts.publicKeysOnDevice} value={crossSigning.publicKeysOnDevice} />
              <Fact label={S.sessionStatus.facts.privateKeysInSecretStorage} value={crossSigning.privateKeysInSecretStorage} />
              <Fact label={S.sessionStatus.facts.masterKey} value={crossSigning.privateKeysCachedLocally.masterKey} />
              <Fact label={S.sessionStatus.facts.selfSigningKey} value={crossSigning.privateKeysCachedLocally.selfSigningKey} />
              <Fact label={S.sessionStatus.facts.userSigningKey} value={crossSigning.privateKeysCachedLocally.userSigningKey} />
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}
