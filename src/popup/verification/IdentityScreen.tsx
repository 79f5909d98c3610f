/**
 * "Your digital identity": where this session stands, and the repairs that fit — verify with the
 * recovery key or another device, set up, reset; plus the SDK's own requests for the recovery key
 * and incoming verification requests.
 */
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { ResponseOf } from "../../protocol/messages.ts";
import { useBackend } from "../backend.ts";
import { IDENTITY_WORDS } from "../screen-words/identity.ts";
import { ActionButton } from "../components/ActionButton.tsx";
import { useApp } from "../state/app-context.ts";
import { NewRecoveryKey } from "./NewRecoveryKey.tsx";
import { RecoveryKeyForm } from "./RecoveryKeyForm.tsx";
import "./verification.css";

type Status = ResponseOf<"verification.status">;
type Flows = ResponseOf<"verification.flows">;
type PendingKey = ResponseOf<"verification.setup.begin"> & { reset: boolean };

const POLL_MS = 1_000;

export function IdentityScreen() {
  const backend = useBackend();
  const { go } = useApp();
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [flows, setFlows] = useState<Flows>({ flows: [], keyPrompt: null });
  const [pendingKey, setPendingKey] = useState<PendingKey | null>(null);
  const [resetOpen, setResetOpen] = useState(false);

  const refresh = async () => {
    const answer = await backend.send("verification.status", {});
    if (answer.ok) {
      setStatus(answer.value);
      setError(null);
    } else setError(answer.error.message);
  };
  useEffect(() => {
    void refresh();
    let alive = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const answer = await backend.send("verification.flows", {});
      if (!alive) return;
      if (answer.ok) setFlows(answer.value);
      timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, 0);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [backend]);

  const changed = (next: Status) => {
    setStatus(next);
    setPendingKey(null);
    setResetOpen(false);
    // The audit's verdicts depend on this session's standing: ask for a fresh audit.
    void backend.send("audit.run", {});
  };
  const begin = (reset: boolean) => async () => {
    const answer = await backend.send("verification.setup.begin", { reset });
    if (answer.ok) setPendingKey({ ...answer.value, reset });
    return answer;
  };
  const incoming = flows.flows.filter((f) => f.step === "incoming");

  return (
    <div class="screen identity" data-screen="identity">
      <h1>{IDENTITY_WORDS.title}</h1>
      <p class="muted">{IDENTITY_WORDS.intro}</p>
      {error && <p class="action-error" role="alert">{error}</p>}
      {flows.keyPrompt && (
        <section class="card tone-warning" data-key-prompt={flows.keyPrompt.id}>
          <h2>{IDENTITY_WORDS.prompt.heading}</h2>
          <p>{IDENTITY_WORDS.prompt.help}</p>
          <RecoveryKeyForm
            label={IDENTITY_WORDS.recover.label}
            submitLabel={IDENTITY_WORDS.prompt.submit}
            action="answer-key-prompt"
            send={(recoveryKey) => backend.send("verification.keyPrompt.answer", { promptId: flows.keyPrompt!.id, recoveryKey })}
            onDone={() => void refresh()}
          />
          <ActionButton action="decline-key-prompt" label={IDENTITY_WORDS.prompt.decline}
            run={() => backend.send("verification.keyPrompt.decline", { promptId: flows.keyPrompt!.id })} />
        </section>
      )}
      {incoming.length > 0 && (
        <section class="card" aria-label={IDENTITY_WORDS.incoming.heading}>
          <h2>{IDENTITY_WORDS.incoming.heading}</h2>
          <ul class="plain">
            {incoming.map((f) => (
              <li key={f.id}>
                {f.kind === "own-device" ? IDENTITY_WORDS.incoming.fromOwnDevice : <span class="mxid">{f.otherUserId}</span>}{" "}
                <button type="button" class="btn btn-link" data-action="open-flow" onClick={() => go({ name: "flow", flowId: f.id })}>{IDENTITY_WORDS.incoming.open}</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!status ? (
        !error && <p class="empty" role="status">{IDENTITY_WORDS.loading}</p>
      ) : pendingKey ? (
        <NewRecoveryKey
          setupId={pendingKey.setupId}
          recoveryKey={pendingKey.recoveryKey}
          reset={pendingKey.reset}
          onFinished={changed}
          onAbandon={() => setPendingKey(null)}
        />
      ) : (
        <>
          <p class={`summary ${status.thisSessionVerified ? "tone-good" : "tone-warning"}`} data-session-verified={String(status.thisSessionVerified)} role="status">
            {status.summary}
          </p>
          <Facts status={status} />
          {status.actions.includes("verify-with-recovery-key") && (
            <section class="card" data-panel="recover">
              <h2>{IDENTITY_WORDS.recover.heading}</h2>
              <p class="muted">{IDENTITY_WORDS.recover.help}</p>
              <RecoveryKeyForm
                label={IDENTITY_WORDS.recover.label}
                submitLabel={IDENTITY_WORDS.recover.submit}
                action="recover"
                send={async (recoveryKey) => {
                  const answer = await backend.send("verification.recover", { recoveryKey });
                  if (answer.ok) changed(answer.value);
                  return answer;
                }}
                onDone={() => undefined}
              />
            </section>
          )}
          {status.actions.includes("verify-with-other-device") && (
            <section class="card" data-panel="other-device">
              <h2>{IDENTITY_WORDS.otherDevice.heading}</h2>
              <p class="muted">{IDENTITY_WORDS.otherDevice.help}</p>
              <ActionButton action="verify-this-session" kind="secondary" label={IDENTITY_WORDS.otherDevice.start}
                run={async () => {
                  const answer = await backend.send("verification.verifyThisSession", {});
                  if (answer.ok) go({ name: "flow", flowId: answer.value.id });
                  return answer;
                }} />
            </section>
          )}
          {(status.actions.includes("set-up") || status.actions.includes("finish-set-up")) && (
            <section class="card" data-panel="setup">
              <h2>{IDENTITY_WORDS.setup.heading}</h2>
              <p class="muted">{IDENTITY_WORDS.setup.help}</p>
              <ActionButton action="begin-setup" kind="primary" label={IDENTITY_WORDS.setup.start} run={begin(false)} />
            </section>
          )}
          {status.actions.includes("reset") && (
            <section class="card" data-panel="reset">
              <h2>{IDENTITY_WORDS.reset.heading}</h2>
              {resetOpen ? (
                <>
                  <p class="tone-warning" role="alert">{IDENTITY_WORDS.reset.warning}</p>
                  <ActionButton action="begin-reset" kind="danger" label={IDENTITY_WORDS.reset.start} run={begin(true)} />
                </>
              ) : (
                <button type="button" class="btn btn-link" data-action="open-reset" onClick={() => setResetOpen(true)}>{IDENTITY_WORDS.reset.start}</button>
              )}
            </section>
          )}
        </>
      )}
    </div>
  );
}

function Facts({ status }: { status: Status }) {
  const cached = Object.values(status.detail.privateKeysCachedLocally).every(Boolean);
  const rows: [string, boolean, string][] = [
    [IDENTITY_WORDS.facts.identityPublished, status.accountHasIdentity, "identity"],
    [IDENTITY_WORDS.facts.sessionVerified, status.thisSessionVerified, "session"],
    [IDENTITY_WORDS.facts.recoverySetUp, status.recoverySetUp, "recovery"],
    [IDENTITY_WORDS.facts.keysInStorage, status.detail.privateKeysInSecretStorage, "in-storage"],
    [IDENTITY_WORDS.facts.keysHere, cached, "here"],
  ];
  return (
    <details class="facts">
      <summary>{IDENTITY_WORDS.facts.label}</summary>
      <dl class="kv">
        {rows.map(([label, value, key]) => (
          <Fragment key={key}>
            <dt>{label}</dt>
            <dd data-fact={key} data-value={String(value)}>{value ? IDENTITY_WORDS.facts.yes : IDENTITY_WORDS.facts.no}</dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}
