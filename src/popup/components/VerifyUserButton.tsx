/**
 * "Verify" for a person: asks the background to start an emoji verification in the room (or their
 * direct chat) and opens it. Without a direct chat, asks before creating one.
 */
import { useState } from "preact/hooks";
import { useBackend } from "../backend.ts";
import { useApp } from "../state/app-context.ts";
import { S } from "../strings.ts";

/** `kind`: "primary" where verifying is the safe action to take first (an identity change). */
export function VerifyUserButton({ userId, roomId, who, kind = "secondary" }: { userId: string; roomId?: string; who: string; kind?: "primary" | "secondary" }) {
  const backend = useBackend();
  const { go } = useApp();
  const [state, setState] = useState<{ busy: boolean; error: string | null; needsDm: boolean }>({ busy: false, error: null, needsDm: false });
  const start = async (createDm: boolean) => {
    setState({ busy: true, error: null, needsDm: false });
    const answer = await backend.send("verification.requestUser", { userId, ...(roomId ? { roomId } : {}), ...(createDm ? { createDm } : {}) });
    if (answer.ok) go({ name: "flow", flowId: answer.value.flowId });
    else setState({ busy: false, error: answer.error.code === "needs-dm" ? null : answer.error.message, needsDm: answer.error.code === "needs-dm" });
  };
  return (
    <span class="action">
      <button type="button" class={`btn btn-${kind}`} data-action="verify-user" disabled={state.busy} aria-busy={state.busy} onClick={() => void start(false)}>
        {state.busy ? S.actions.working : S.actions.verifyUser}
      </button>
      {state.needsDm && (
        <span class="action-note" role="status">
          {S.verifyUser.needsDm(who)}{" "}
          <button type="button" class="btn btn-link" data-action="create-dm" onClick={() => void start(true)}>{S.verifyUser.createDm}</button>
        </span>
      )}
      {state.error !== null && <span class="action-error" role="alert" data-action-error="verify-user">{state.error}</span>}
    </span>
  );
}
