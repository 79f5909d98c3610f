/** A field for the recovery key (or its passphrase): sent once to the background, then cleared. */
import { useState } from "preact/hooks";
import type { Result } from "../../protocol/result.ts";
import { S } from "../strings.ts";

export interface RecoveryKeyFormProps {
  label: string;
  submitLabel: string;
  action: string;
  send: (recoveryKey: string) => Promise<Result<unknown>>;
  onDone: () => void;
}

export function RecoveryKeyForm({ label, submitLabel, action, send, onDone }: RecoveryKeyFormProps) {
  const [value, setValue] = useState("");
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const submit = async (event: Event) => {
    event.preventDefault();
    setState({ busy: true, error: null });
    const answer = await send(value);
    // The key leaves the popup's memory either way: a wrong one is typed again, not kept.
    setValue("");
    if (answer.ok) {
      setState({ busy: false, error: null });
      onDone();
    } else setState({ busy: false, error: answer.error.message });
  };
  return (
    <form class="recovery-form" data-form={action} onSubmit={submit}>
      <label>
        <span>{label}</span>
        <input
          type="password"
          name="recovery-key"
          autocomplete="off"
          spellcheck={false}
          value={value}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
          required
        />
      </label>
      <button type="submit" class="btn btn-primary" data-action={action} disabled={state.busy || value.trim() === ""} aria-busy={state.busy}>
        {state.busy ? S.actions.working : submitLabel}
      </button>
      {state.error !== null && <p class="action-error" role="alert" data-action-error={action}>{state.error}</p>}
    </form>
  );
}
