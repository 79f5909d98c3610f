/**
 * Who the auditor is signed in as, on which server, with which device and key, how its sync is
 * doing, and whether its cross-signing is ready. Renders nothing when signed out.
 */
import type { SessionStatus } from "../../protocol/messages.ts";
import { Fingerprint } from "../components/Fingerprint.tsx";
import { formatTime } from "../strings.ts";
import { SESSION_STATUS_WORDS } from "../screen-words/session-status.ts";

function Fact({ label, value }: { label: string; value: boolean }) {
  return (
    <li class={value ? "fact-yes" : "fact-no"}>
      <span aria-hidden="true">{value ? "✓" : "–"}</span> {label}: {value ? SESSION_STATUS_WORDS.yes : SESSION_STATUS_WORDS.no}
    </li>
  );
}

function syncWords(sync: NonNullable<SessionStatus["sync"]>): string {
  if (sync.state === "offline" && sync.offlineSince !== undefined) return SESSION_STATUS_WORDS.offlineSince(formatTime(sync.offlineSince));
  return SESSION_STATUS_WORDS.syncState[sync.state];
}

export function SessionStatusView({ status }: { status: SessionStatus | null }) {
  if (!status?.signedIn) return null;
  const sync = status.sync ?? { state: "stopped" as const };
  const crossSigning = status.crossSigning;
  return (
    <section class="card session-status" data-session-status aria-label={SESSION_STATUS_WORDS.title}>
      <h2>{SESSION_STATUS_WORDS.title}</h2>
      <dl class="kv">
        <dt>{SESSION_STATUS_WORDS.user}</dt>
        <dd class="mxid" data-field="user">{status.userId}</dd>
        <dt>{SESSION_STATUS_WORDS.homeserver}</dt>
        <dd data-field="homeserver">{status.homeserverUrl}</dd>
        <dt>{SESSION_STATUS_WORDS.device}</dt>
        <dd data-field="device-id"><code class="device-id">{status.deviceId}</code></dd>
        <dt>{SESSION_STATUS_WORDS.fingerprint}</dt>
        <dd data-field="ed25519"><Fingerprint ed25519={status.ed25519 ?? null} /></dd>
        <dt>{SESSION_STATUS_WORDS.sync}</dt>
        <dd data-field="sync" data-sync-state={sync.state}>{syncWords(sync)}</dd>
        {sync.lastError && (
          <>
            <dt>{SESSION_STATUS_WORDS.lastError}</dt>
            <dd data-field="sync-error" class="muted">{sync.lastError}</dd>
          </>
        )}
        <dt>{SESSION_STATUS_WORDS.crypto}</dt>
        <dd data-field="crypto" data-crypto-ready={String(status.cryptoReady === true)}>
          {status.cryptoReady ? SESSION_STATUS_WORDS.cryptoReady : SESSION_STATUS_WORDS.cryptoOpening}
        </dd>
        <dt>{SESSION_STATUS_WORDS.crossSigning}</dt>
        <dd data-field="cross-signing" data-ready={String(status.crossSigningReady === true)}>
          <span class={status.crossSigningReady ? "tone-good" : "tone-warning"}>
            {status.crossSigningReady ? SESSION_STATUS_WORDS.crossSigningReady : SESSION_STATUS_WORDS.crossSigningNotReady}
          </span>
          {crossSigning && (
            <ul class="facts">
              <Fact label={SESSION_STATUS_WORDS.facts.publicKeysOnDevice} value={crossSigning.publicKeysOnDevice} />
              <Fact label={SESSION_STATUS_WORDS.facts.privateKeysInSecretStorage} value={crossSigning.privateKeysInSecretStorage} />
              <Fact label={SESSION_STATUS_WORDS.facts.masterKey} value={crossSigning.privateKeysCachedLocally.masterKey} />
              <Fact label={SESSION_STATUS_WORDS.facts.selfSigningKey} value={crossSigning.privateKeysCachedLocally.selfSigningKey} />
              <Fact label={SESSION_STATUS_WORDS.facts.userSigningKey} value={crossSigning.privateKeysCachedLocally.userSigningKey} />
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}
