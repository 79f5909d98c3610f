/**
 * "Your digital identity": where this session stands, and the repairs that fit — verify with the
 * recovery key or another device, set up, reset; plus the SDK's own requests for the recovery key
 * and incoming verification requests.
 */
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { ResponseOf } from "../../protocol/messages.ts";
import { useBackend } from "../backend.ts";
import { ActionButton } from "../components/ActionButton.tsx";
import { useApp } from "../state/app-context.ts";
import { NewRecoveryKey } from "./NewRecoveryKey.tsx";
import { RecoveryKeyForm } from "./RecoveryKeyForm.tsx";
import { V } from "./words.ts";
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
      <h1>{V.title}</h1>
      <p class="muted">{V.intro}</p>
      {error && <p class="action-error" role="alert">{error}</p>}
      {flows.keyPrompt && (
        <section class="card tone-warning" data-key-prompt={flows.keyPrompt.id}>
          <h2>{V.prompt.heading}</h2>
          <p>{V.prompt.help}</p>
          <RecoveryKeyForm
            label={V.recover.label}
            submitLabel={V.prompt.submit}
            action="answer-key-prompt"
            send={(recoveryKey) => backend.send("verification.keyPrompt.answer", { promptId: flows.keyPrompt!.id, recoveryKey })}
            onDone={() => void refresh()}
          />
          <ActionButton action="decline-key-prompt" label={V.prompt.decline}
            run={() => backend.send("verification.keyPrompt.decline", { promptId: flows.keyPrompt!.id })} />
        </section>
      )}
      {incoming.length > 0 && (
        <section class="card" aria-label={V.incoming.heading}>
          <h2>{V.incoming.heading}</h2>
          <ul class="plain">
            {incoming.map((f) => (
              <li key={f.id}>
                {f.kind === "own-device" ? V.incoming.fromOwnDevice : <span class="mxid">{f.otherUserId}</span>}{" "}
                <button type="button" class="btn btn-link" data-action="open-flow" onClick={() => go({ name: "flow", flowId: f.id })}>{V.incoming.open}</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!status ? (
        !error && <p class="empty" role="status">{V.loading}</p>
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
              <h2>{V.recover.heading}</h2>
              <p class="muted">{V.recover.help}</p>
              <RecoveryKeyForm
                label={V.recover.label}
                submitLabel={V.recover.submit}
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
              <h2>{V.otherDevice.heading}</h2>
              <p class="muted">{V.otherDevice.help}</p>
              <ActionButton action="verify-this-session" kind="secondary" label={V.otherDevice.start}
                run={async () => {
                  const answer = await backend.send("verification.verifyThisSession", {});
                  if (answer.ok) go({ name: "flow", flowId: answer.value.id });
                  return answer;
                }} />
            </section>
          )}
          {(status.actions.includes("set-up") || status.actions.includes("finish-set-up")) && (
            <section class="card" data-panel="setup">
              <h2>{V.setup.heading}</h2>
              <p class="muted">{V.setup.help}</p>
              <ActionButton action="begin-setup" kind="primary" label={V.setup.start} run={begin(false)} />
            </section>
          )}
          {status.actions.includes("reset") && (
            <section class="card" data-panel="reset">
              <h2>{V.reset.heading}</h2>
              {resetOpen ? (
                <>
                  <p class="tone-warning" role="alert">{V.reset.warning}</p>
                  <ActionButton action="begin-reset" kind="danger" label={V.reset.start} run={begin(true)} />
                </>
              ) : (
                <button type="button" class="btn btn-link" data-action="open-reset" onClick={() => setResetOpen(true)}>{V.reset.start}</button>
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
    [V.facts.identityPublished, status.accountHasIdentity, "identity"],
    [V.facts.sessionVerified, status.thisSessionVerified, "session"],
    [V.facts.recoverySetUp, status.recoverySetUp, "recovery"],
    [V.facts.keysInStorage, status.detail.privateKeysInSecretStorage, "in-storage"],
    [V.facts.keysHere, cached, "here"],
  ];
  return (
    <details class="facts">
      <summary>{V.facts.label}</summary>
      <dl class="kv">
        {rows.map(([label, value, key]) => (
          <Fragment key={key}>
            <dt>{label}</dt>
            <dd data-fact={key} data-value={String(value)}>{value ? V.facts.yes : V.facts.no}</dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}
