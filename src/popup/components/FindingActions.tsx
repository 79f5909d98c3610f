/** The buttons that resolve one finding, each wired to its protocol message. */
import type { Finding } from "../../core/verdicts.ts";
import { useBackend } from "../backend.ts";
import { actionsFor } from "../model/finding-actions.ts";
import { useApp } from "../state/app-context.ts";
import { S } from "../strings.ts";
import { ActionButton } from "./ActionButton.tsx";
import { VerifyUserButton } from "./VerifyUserButton.tsx";

/** `findingIds`: the finding's ids in every room it stands for; acknowledging acknowledges them all. */
export function FindingActions({ finding, findingIds, subject, subjectName }: { finding: Finding; findingIds: readonly string[]; subject: string; subjectName: string }) {
  const backend = useBackend();
  const { controls, go } = useApp();
  return (
    <div class="actions">
      {actionsFor(finding.kind, finding.acknowledged).map((action) => {
        switch (action) {
          case "acknowledge":
            return (
              <ActionButton key={action} action={action} label={S.actions.acknowledge} ariaLabel={S.actions.acknowledgeLabel(subject)}
                run={() => backend.send("audit.acknowledge", { findingIds: [...findingIds] })}
                onDone={() => controls.acknowledged(new Set(findingIds))} />
            );
          case "review-identity":
            return (
              <button key={action} type="button" class="btn btn-secondary" data-action={action}
                onClick={() => go({ name: "identity-change", userId: finding.userId })}>
                {S.actions.reviewIdentity}
              </button>
            );
          case "verify-user":
            return <VerifyUserButton key={action} userId={finding.userId} roomId={finding.roomId} who={subjectName} kind="primary" />;
          case "verify-own-device":
            return finding.deviceId === undefined ? null : (
              <button key={action} type="button" class="btn btn-primary" data-action={action}
                onClick={() => go({ name: "own-device", deviceId: finding.deviceId! })}>
                {S.actions.verifyOwnDevice}
              </button>
            );
          case "verify-device":
            return finding.deviceId === undefined ? null : (
              <button key={action} type="button" class="btn btn-secondary" data-action={action}
                onClick={() => go({ name: "verify-device", userId: finding.userId, deviceId: finding.deviceId! })}>
                {S.actions.verifyDevice}
              </button>
            );
        }
      })}
    </div>
  );
}
