/**
 * A button that sends one request to the background. While it runs it is disabled and says so;
 * a refusal or failure (including "this action is not available yet") is shown under it in words.
 */
import { useState } from "preact/hooks";
import type { Result } from "../../protocol/result.ts";
import { S } from "../strings.ts";

export interface ActionButtonProps<T> {
  label: string;
  /** Spoken label when the visible one needs context ("Acknowledge: new device of Bob"). */
  ariaLabel?: string;
  run: () => Promise<Result<T>>;
  onDone?: (value: T) => void;
  /** Shown after success; nothing when absent. */
  doneMessage?: string;
  kind?: "primary" | "secondary" | "danger" | "link";
  action?: string;
}

export function ActionButton<T>({ label, ariaLabel, run, onDone, doneMessage, kind = "secondary", action }: ActionButtonProps<T>) {
  const [state, setState] = useState<{ busy: boolean; error: string | null; done: boolean }>({ busy: false, error: null, done: false });
  const click = async () => {
    setState({ busy: true, error: null, done: false });
    const result = await run().catch((error: unknown) => ({
      ok: false as const,
      error: { code: "internal" as const, message: error instanceof Error ? error.message : String(error) },
    }));
    if (result.ok) {
      setState({ busy: false, error: null, done: true });
      onDone?.(result.value);
    } else {
      setState({ busy: false, error: result.error.message, done: false });
    }
  };
  return (
    <span class="action">
      <button type="button" class={`btn btn-${kind}`} disabled={state.busy} aria-busy={state.busy} aria-label={ariaLabel} data-action={action} onClick={click}>
        {state.busy ? S.actions.working : label}
      </button>
      {state.error !== null && <span class="action-error" role="alert" data-action-error={action}>{state.error}</span>}
      {state.done && doneMessage && <span class="action-done" role="status">{doneMessage}</span>}
    </span>
  );
}
