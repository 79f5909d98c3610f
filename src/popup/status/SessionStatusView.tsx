/**
 * Who the auditor is signed in as, on which server, with which device and key, how its sync is
 * doing, and whether its cross-signing is ready. Renders nothing when signed out.
 */
import type { SessionStatus } from "../../protocol/messages.ts";
import { Fingerprint } from "../components/Fingerprint.tsx";
import { formatTime } from "../strings.ts";
import { W } from "./words.ts";

function Fact({ label, value }: { label: string; value: boolean }) {
  return (
    <li class={value ? "fact-yes" : "fact-no"}>
      <span aria-hidden="true">{value ? "✓" : "–"}</span> {label}: {value ? W.yes : W.no}
    </li>
  );
}

function syncWords(sync: NonNullable<SessionStatus["sync"]>): string {
  if (sync.state === "offline" && sync.offlineSince !== undefined) return W.offlineSince(formatTime(sync.offlineSince));
  return W.syncState[sync.state];
}

export function SessionStatusView({ status }: { status: SessionStatus | null }) {
  if (!status?.signedIn) return null;
  const sync = status.sync ?? { state: "stopped" as const };
  const crossSigning = status.crossSigning;
  return (
    <section class="card session-status" data-session-status aria-label={W.title}>
      <h2>{W.title}</h2>
      <dl class="kv">
        <dt>{W.user}</dt>
        <dd class="mxid" data-field="user">{status.userId}</dd>
        <dt>{W.homeserver}</dt>
        <dd data-field="homeserver">{status.homeserverUrl}</dd>
        <dt>{W.device}</dt>
        <dd data-field="device-id"><code class="device-id">{status.deviceId}</code></dd>
        <dt>{W.fingerprint}</dt>
        <dd data-field="ed25519"><Fingerprint ed25519={status.ed25519 ?? null} /></dd>
        <dt>{W.sync}</dt>
        <dd data-field="sync" data-sync-state={sync.state}>{syncWords(sync)}</dd>
        {sync.lastError && (
          <>
            <dt>{W.lastError}</dt>
            <dd data-field="sync-error" class="muted">{sync.lastError}</dd>
          </>
        )}
        <dt>{W.crypto}</dt>
        <dd data-field="crypto" data-crypto-ready={String(status.cryptoReady === true)}>
          {status.cryptoReady ? W.cryptoReady : W.cryptoOpening}
        </dd>
        <dt>{W.crossSigning}</dt>
        <dd data-field="cross-signing" data-ready={String(status.crossSigningReady === true)}>
          <span class={status.crossSigningReady ? "tone-good" : "tone-warning"}>
            {status.crossSigningReady ? W.crossSigningReady : W.crossSigningNotReady}
          </span>
          {crossSigning && (
            <ul class="facts">
              <Fact label={W.facts.publicKeysOnDevice} value={crossSigning.publicKeysOnDevice} />
              <Fact label={W.facts.privateKeysInSecretStorage} value={crossSigning.privateKeysInSecretStorage} />
              <Fact label={W.facts.masterKey} value={crossSigning.privateKeysCachedLocally.masterKey} />
              <Fact label={W.facts.selfSigningKey} value={crossSigning.privateKeysCachedLocally.selfSigningKey} />
              <Fact label={W.facts.userSigningKey} value={crossSigning.privateKeysCachedLocally.userSigningKey} />
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}
