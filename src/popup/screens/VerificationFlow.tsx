/** One emoji verification as the background runs it: its step, the seven emoji, and what can be done now. */
import { useEffect, useState } from "preact/hooks";
import type { FlowAction } from "../../protocol/messages.ts";
import type { ResponseOf } from "../../protocol/messages.ts";
import { useBackend } from "../backend.ts";
import { ActionButton } from "../components/ActionButton.tsx";
import { S } from "../strings.ts";
import { QrCode } from "../verification/QrCode.tsx";

type Flow = ResponseOf<"verification.flowAction">;

const POLL_MS = 700;

const ACTIONS: Record<Flow["step"], FlowAction[]> = {
  requested: ["cancel"],
  incoming: ["accept", "cancel"],
  ready: ["start", "cancel"],
  comparing: ["confirm", "mismatch"],
  "qr-scanned": ["confirm", "cancel"],
  confirmed: ["cancel"],
  done: [],
  failed: [],
};

export function VerificationFlow({ flowId }: { flowId: string }) {
  const backend = useBackend();
  const [flow, setFlow] = useState<Flow | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let alive = true;
    // The background keeps the flow; the popup follows it (flows have no push of their own).
    const poll = async () => {
      const answer = await backend.send("verification.flows", {});
      if (!alive) return;
      const found = answer.ok ? answer.value.flows.find((f) => f.id === flowId) : undefined;
      setFlow(found ?? null);
      setMissing(answer.ok && !found);
      if (!found || (found.step !== "done" && found.step !== "failed")) timer = setTimeout(poll, POLL_MS);
    };
    let timer = setTimeout(poll, 0);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [backend, flowId]);

  if (missing) return <p class="empty" role="alert">{S.flow.unknown}</p>;
  if (!flow) return <p class="empty" role="status">{S.loading}</p>;
  const labels: Record<FlowAction, string> = {
    accept: S.flow.accept,
    start: S.flow.start,
    confirm: flow.step === "qr-scanned" ? S.flow.qrConfirm : S.flow.confirm,
    mismatch: S.flow.mismatch,
    cancel: S.flow.cancel,
  };
  return (
    <div class="screen flow" data-screen="flow" data-step={flow.step}>
      <h1>{S.flow.title}</h1>
      <p>
        {S.flow.with}: {flow.kind === "own-device" ? S.flow.own : <span class="mxid">{flow.otherUserId}</span>}
        {flow.otherDeviceId && <span class="muted small"> · {flow.otherDeviceId}</span>}
      </p>
      <p role="status" class={flow.step === "done" ? "tone-good" : flow.step === "failed" ? "tone-warning" : ""}>{S.flow.step[flow.step]}</p>
      {flow.failure && <p class="action-error" role="alert">{flow.failure.message}</p>}
      {flow.emoji && flow.step === "comparing" && (
        <ol class="emoji-grid" aria-label={S.flow.step.comparing}>
          {flow.emoji.map((e, i) => (
            <li key={i}>
              <span class="emoji" aria-hidden="true">{e.symbol}</span>
              <span class="emoji-name">{e.name}</span>
            </li>
          ))}
        </ol>
      )}
      {flow.qrCode && flow.step === "ready" && (
        <div class="qr" data-qr>
          <p class="muted">{S.flow.qrHelp}</p>
          <QrCode base64={flow.qrCode} label={S.flow.qrLabel} />
        </div>
      )}
      <div class="actions">
        {ACTIONS[flow.step].map((action) => (
          <ActionButton key={action} action={`flow-${action}`} kind={action === "confirm" || action === "accept" || action === "start" ? "primary" : "secondary"}
            label={labels[action]} run={() => backend.send("verification.flowAction", { flowId, action })} onDone={(next) => setFlow(next)} />
        ))}
      </div>
    </div>
  );
}
