/**
 * Settings' passphrase lock: what the present protection does and does not do, then set (after the
 * warning that a forgotten passphrase means signing in again), change, remove, or lock now.
 */
import { useState } from "preact/hooks";
import type { SessionStatus } from "../../protocol/messages.ts";
import type { Result } from "../../protocol/result.ts";
import { useBackend } from "../backend.ts";
import { useApp } from "../state/app-context.ts";
import { S } from "../strings.ts";
import { LOCK_WORDS } from "../screen-words/lock.ts";
import { ActionButton } from "./ActionButton.tsx";

type Mode = "set" | "change" | "remove";

export function PassphraseLock({ status }: { status: SessionStatus }) {
  const backend = useBackend();
  const { controls } = useApp();
  const protection = status.protection ?? "data-key";
  const [mode, setMode] = useState<Mode | null>(null);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string; code?: string } | null>(null);

  const open = (m: Mode | null) => {
    setMode(m);
    setCurrent("");
    setNext("");
    setRepeat("");
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!mode || busy) return;
    if (mode !== "remove" && next !== repeat) {
      setMessage({ error: true, text: LOCK_WORDS.mismatch });
      return;
    }
    setBusy(true);
    setMessage(null);
    const answer: Result<SessionStatus> =
      mode === "remove"
        ? await backend.send("session.removePassphrase", { current })
        : await backend.send("session.setPassphrase", mode === "change" ? { passphrase: next, current } : { passphrase: next });
    setBusy(false);
    if (!answer.ok) {
      setMessage({ error: true, text: answer.error.message, code: answer.error.code });
      return;
    }
    setMessage({ error: false, text: mode === "set" ? LOCK_WORDS.setDone : mode === "change" ? LOCK_WORDS.changeDone : LOCK_WORDS.removeDone });
    open(null);
    void controls.reload();
  };

  const field = (label: string, name: string, value: string, set: (v: string) => void, autocomplete: string) => (
    <label class="field">
      <span>{label}</span>
      <input type="password" name={name} autocomplete={autocomplete} value={value} disabled={busy}
        onInput={(e) => set((e.target as HTMLInputElement).value)} />
    </label>
  );

  return (
    <fieldset class="card passphrase-lock signin" data-protection={protection}>
      <legend>{LOCK_WORDS.title}</legend>
      <p class="muted small" data-protection-words>{LOCK_WORDS.protection[protection]}</p>
      {message && <p class={message.error ? "action-error" : "action-done"} role={message.error ? "alert" : "status"} data-error-code={message.code}>{message.text}</p>}
      {protection === "unencrypted" ? (
        <ActionButton action="sign-in-again" kind="secondary" label={LOCK_WORDS.signInAgain}
          run={() => backend.send("session.signOut", { keepRecords: true })} onDone={() => void controls.reload()} />
      ) : mode ? (
        <form data-form={`passphrase-${mode}`} onSubmit={submit} aria-busy={busy}>
          {mode === "set" && <p class="tone-warning small" role="note" data-lock-warning>{LOCK_WORDS.warning}</p>}
          {mode !== "set" && field(LOCK_WORDS.current, "current", current, setCurrent, "current-password")}
          {mode !== "remove" && field(LOCK_WORDS.newPassphrase, "passphrase", next, setNext, "new-password")}
          {mode !== "remove" && field(LOCK_WORDS.repeat, "repeat", repeat, setRepeat, "new-password")}
          <div class="actions">
            <button type="submit" class={`btn ${mode === "remove" ? "btn-danger" : "btn-primary"}`} data-action={`passphrase-${mode}-confirm`} disabled={busy}>
              {mode === "set" ? LOCK_WORDS.set : mode === "change" ? LOCK_WORDS.change : LOCK_WORDS.remove}
            </button>
            <button type="button" class="btn btn-secondary" onClick={() => open(null)}>{S.verifyDevice.cancel}</button>
          </div>
        </form>
      ) : protection === "data-key" ? (
        <>
          <p class="muted small" data-late-lock-note>{LOCK_WORDS.lateLockNote}</p>
          <div class="actions">
            <button type="button" class="btn btn-primary" data-action="passphrase-set" onClick={() => open("set")}>{LOCK_WORDS.set}</button>
            <ActionButton action="sign-in-locked" kind="secondary" label={LOCK_WORDS.signInLocked}
              run={() => backend.send("session.signOut", { keepRecords: true })} onDone={() => void controls.reload()} />
          </div>
        </>
      ) : (
        <div class="actions">
          <ActionButton action="lock-now" kind="primary" label={LOCK_WORDS.lockNow}
            run={() => backend.send("session.lock", {})} onDone={() => void controls.reload()} />
          <button type="button" class="btn btn-secondary" data-action="passphrase-change" onClick={() => open("change")}>{LOCK_WORDS.change}</button>
          <button type="button" class="btn btn-secondary" data-action="passphrase-remove" onClick={() => open("remove")}>{LOCK_WORDS.remove}</button>
        </div>
      )}
    </fieldset>
  );
}
