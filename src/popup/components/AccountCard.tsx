/** The signed-in account and whether this session trusts its own digital identity. */
import type { AuditReport } from "../../core/verdicts.ts";
import type { SessionStatus } from "../../protocol/messages.ts";
import { useBackend } from "../backend.ts";
import { formatShortTime, formatTime, S } from "../strings.ts";
import { ActionButton } from "./ActionButton.tsx";

export function AccountCard({ status, report }: { status: SessionStatus | null; report: Pick<AuditReport, "account" | "generatedAt"> | null }) {
  const backend = useBackend();
  const userId = report?.account.userId ?? status?.userId ?? "";
  const deviceId = report?.account.deviceId ?? status?.deviceId ?? "";
  const trusted = report ? report.account.ownIdentityTrusted : status?.crossSigningReady === true;
  const offlineSince = status?.sync?.state === "offline" ? status.sync.offlineSince : undefined;
  return (
    <section class="account" aria-label={S.account.label} data-own-trusted={String(trusted)}>
      <div class="account-line">
        <span class="account-id">{userId}</span>
        <ActionButton action="reaudit" kind="link" label={S.account.reaudit} run={() => backend.send("audit.run", {})} />
      </div>
      <p class={`trust-state ${trusted ? "tone-good" : "tone-warning"}`}>
        {/* The audit's own caveat is technical; the popup says it in plain words (MSC4161). */}
        {trusted ? S.account.trusted : S.account.notTrusted}{" "}
        <a class="btn btn-link" href="#/identity" data-action="open-identity">{trusted ? S.account.identityLink.manage : S.account.identityLink.verify}</a>
      </p>
      {offlineSince !== undefined && <p class="muted" role="status">{S.account.offline(formatTime(offlineSince))}</p>}
      <p class="muted small">
        {deviceId && S.account.device(deviceId)}
        {report && <span data-generated-at={report.generatedAt}>{" · "}{S.account.auditedAt(formatShortTime(report.generatedAt))}</span>}
      </p>
    </section>
  );
}
