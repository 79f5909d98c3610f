/** Shown while the passphrase lock is on: the passphrase field, and the way out for a forgotten one. */
import { useState } from "preact/hooks";
import type { ProtocolError } from "../../protocol/result.ts";
import { useBackend } from "../backend.ts";
import { ActionButton } from "../components/ActionButton.tsx";
import { useApp } from "../state/app-context.ts";
import { LOCK_WORDS } from "../screen-words/lock.ts";

export function Locked({ userId }: { userId: string }) {
  const backend = useBackend();
  const { controls } = useApp();
  const [passphrase, setPassphrase] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (passphrase === "" || busy) return;
    setBusy(true);
    setError(null);
    const answer = await backend.send("session.unlock", { passphrase });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setPassphrase("");
    void controls.reload();
  };

  return (
    <div class="screen locked" data-screen="locked">
      <form class="card signin" data-form="unlock" onSubmit={submit} aria-busy={busy}>
        <h1>{LOCK_WORDS.lockedTitle}</h1>
        <p class="muted small">{LOCK_WORDS.lockedIntro(userId)}</p>
        <label class="field">
          <span>{LOCK_WORDS.passphrase}</span>
          <input type="password" name="passphrase" autocomplete="current-password" value={passphrase} disabled={busy} autoFocus
            aria-invalid={error?.code === "wrong-passphrase" ? "true" : undefined}
            onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)} />
        </label>
        {error && <p class="action-error" role="alert" data-error-code={error.code}>{error.message}</p>}
        <div class="actions">
          <button type="submit" class="btn btn-primary" data-action="unlock" disabled={passphrase === "" || busy}>
            {busy ? LOCK_WORDS.unlocking : LOCK_WORDS.unlock}
          </button>
        </div>
      </form>
      <details class="card">
        <summary>{LOCK_WORDS.forgotTitle}</summary>
        <p class="muted small">{LOCK_WORDS.forgotHelp}</p>
        <ActionButton action="sign-out-locked" kind="danger" label={LOCK_WORDS.forgotSignOut}
          run={() => backend.send("session.signOut", { keepRecords: true })}
          onDone={() => void controls.reload()} />
      </details>
    </div>
  );
}
