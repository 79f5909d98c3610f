/**
 * Set-up and reset, step two: the new recovery key, shown this once with copy and download, then
 * "I saved it" (and, for a reset, the warned confirmation) before anything changes on the account.
 */
import { useState } from "preact/hooks";
import type { ResponseOf } from "../../protocol/messages.ts";
import { useBackend } from "../backend.ts";
import { S } from "../strings.ts";
import { IDENTITY_WORDS } from "../screen-words/identity.ts";

export interface NewRecoveryKeyProps {
  setupId: string;
  recoveryKey: string;
  reset: boolean;
  onFinished: (status: ResponseOf<"verification.status">) => void;
  onAbandon: () => void;
}

export function NewRecoveryKey({ setupId, recoveryKey, reset, onFinished, onAbandon }: NewRecoveryKeyProps) {
  const backend = useBackend();
  const [saved, setSaved] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [copied, setCopied] = useState(false);
  const [password, setPassword] = useState("");
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  const copy = async () => {
    await navigator.clipboard.writeText(recoveryKey);
    setCopied(true);
  };
  const download = () => {
    const text = IDENTITY_WORDS.key.fileText(recoveryKey);
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = IDENTITY_WORDS.key.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  const finish = async (event: Event) => {
    event.preventDefault();
    setState({ busy: true, error: null });
    const answer = await backend.send("verification.setup.finish", {
      setupId,
      savedRecoveryKey: true,
      ...(password ? { password } : {}),
      ...(reset ? { confirmReset: understood } : {}),
    });
    setPassword("");
    if (answer.ok) onFinished(answer.value);
    else setState({ busy: false, error: answer.error.message });
  };
  const abandon = () => {
    void backend.send("verification.setup.abandon", { setupId });
    onAbandon();
  };
  const ready = saved && (!reset || understood);
  return (
    <form class="card new-recovery-key" data-screen="recovery-key" onSubmit={finish}>
      <h2>{IDENTITY_WORDS.key.heading}</h2>
      <p class="tone-warning">{IDENTITY_WORDS.key.onlyOnce}</p>
      <p class="recovery-key" data-recovery-key aria-label={IDENTITY_WORDS.key.heading}>
        {recoveryKey.split(" ").map((group, i) => (
          <code key={i}>{group}</code>
        ))}
      </p>
      <div class="actions">
        <button type="button" class="btn btn-secondary" data-action="copy-recovery-key" onClick={() => void copy()}>
          {copied ? IDENTITY_WORDS.key.copied : IDENTITY_WORDS.key.copy}
        </button>
        <button type="button" class="btn btn-secondary" data-action="download-recovery-key" onClick={download}>
          {IDENTITY_WORDS.key.download}
        </button>
      </div>
      <label class="check">
        <input type="checkbox" name="saved" checked={saved} onChange={(e) => setSaved((e.target as HTMLInputElement).checked)} />
        <span>{IDENTITY_WORDS.key.saved}</span>
      </label>
      {reset && (
        <label class="check tone-warning">
          <input type="checkbox" name="understood" checked={understood} onChange={(e) => setUnderstood((e.target as HTMLInputElement).checked)} />
          <span>{IDENTITY_WORDS.reset.understand}</span>
        </label>
      )}
      <label>
        <span>{IDENTITY_WORDS.key.password}</span>
        <input type="password" name="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        <small class="muted">{IDENTITY_WORDS.key.passwordHelp}</small>
      </label>
      <div class="actions">
        <button type="submit" class={`btn ${reset ? "btn-danger" : "btn-primary"}`} data-action="finish-setup" disabled={!ready || state.busy} aria-busy={state.busy}>
          {state.busy ? S.actions.working : reset ? IDENTITY_WORDS.reset.finish : IDENTITY_WORDS.setup.finish}
        </button>
        <button type="button" class="btn btn-secondary" data-action="abandon-setup" onClick={abandon}>{IDENTITY_WORDS.key.abandon}</button>
      </div>
      {state.error !== null && <p class="action-error" role="alert" data-action-error="finish-setup">{state.error}</p>}
    </form>
  );
}
