/** Isolation policy, passphrase lock, Element Web origins for badges, history retention, export, sign out. */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { isOrigin } from "../../protocol/guards.ts";
import { ISOLATION_POLICIES, type IsolationPolicy, type Settings as SettingsValue } from "../../protocol/messages.ts";
import type { Result } from "../../protocol/result.ts";
import { useBackend } from "../backend.ts";
import { ActionButton } from "../components/ActionButton.tsx";
import { AlertSettingsCard } from "../components/AlertSettingsCard.tsx";
import { ExportButtons } from "../components/ExportButtons.tsx";
import { PassphraseLock } from "../components/PassphraseLock.tsx";
import { RecordsExportButton } from "../components/RecordsExportButton.tsx";
import { SessionStatusView } from "../status/SessionStatusView.tsx";
import { useApp } from "../state/app-context.ts";
import { useFullReport } from "../state/use-report.ts";
import { policySummary, type ModeSummary } from "../model/policy-summary.ts";
import { plural, S } from "../strings.ts";

/** What Element would do under one mode, in words. */
function effectWords(policy: IsolationPolicy, summary: Record<IsolationPolicy, ModeSummary>): string {
  const words = S.settings.policyEffect;
  switch (policy) {
    case "all-devices":
      return words["all-devices"]();
    case "all-devices-strict":
      return words["all-devices-strict"](summary["all-devices-strict"].roomsFailing);
    case "only-cross-signed":
      return words["only-cross-signed"](summary["only-cross-signed"].devicesLeftOut, summary["only-cross-signed"].roomsFailing);
  }
}

const RETENTION_CHOICES = [7, 30, 90, 365];

/** `section`: the part to show first (the overview's storage warning opens the export). */
export function Settings({ section }: { section?: "export" | undefined }) {
  const backend = useBackend();
  const { data, controls } = useApp();
  const [settings, setSettings] = useState<SettingsValue | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [origin, setOrigin] = useState("");
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  const exportCard = useRef<HTMLFieldSetElement>(null);
  const full = useFullReport();
  const report = full.value;
  const summary = useMemo(() => (report ? policySummary(report) : null), [report]);

  useEffect(() => {
    if (section === "export") exportCard.current?.scrollIntoView({ block: "start" });
  }, [section]);

  useEffect(() => {
    void backend.send("settings.get", {}).then((answer) => {
      if (answer.ok) setSettings(answer.value);
      else setMessage({ error: true, text: answer.error.message });
    });
  }, [backend]);

  const save = async (change: Partial<SettingsValue>) => {
    const answer = await backend.send("settings.set", change);
    if (answer.ok) {
      setSettings(answer.value);
      setMessage({ error: false, text: S.settings.saved });
    } else setMessage({ error: true, text: answer.error.message });
    return answer;
  };

  const addOrigin = async (event: Event) => {
    event.preventDefault();
    const value = origin.trim().replace(/\/+$/, "");
    if (!isOrigin(value) || !settings) {
      setMessage({ error: true, text: S.settings.originInvalid });
      return;
    }
    // The host permission is asked for here, inside the click (browsers require a user gesture).
    const granted = await browser.permissions.request({ origins: [`${value}/*`] }).catch(() => false);
    if (!granted) return;
    const answer = await save({ elementOrigins: [...new Set([...settings.elementOrigins, value])] });
    if (answer.ok) setOrigin("");
  };

  return (
    <div class="screen settings" data-screen="settings">
      <h1>{S.settings.title}</h1>
      {message && <p class={message.error ? "action-error" : "action-done"} role={message.error ? "alert" : "status"}>{message.text}</p>}
      <SessionStatusView status={data.status} />
      {data.status?.signedIn && <PassphraseLock status={data.status} />}
      {settings && (
        <>
          <fieldset class="card">
            <legend>{S.settings.policyTitle}</legend>
            <p class="muted small" data-policy-scope>{S.settings.policyScope}</p>
            {!summary && <p class="muted small">{S.settings.policyPreviewNone}</p>}
            {ISOLATION_POLICIES.map((policy) => (
              <label key={policy} class="radio" data-policy={policy}>
                <input type="radio" name="isolation" value={policy} checked={settings.isolationPolicy === policy}
                  onChange={() => void save({ isolationPolicy: policy })} />
                <span>
                  {S.settings.policy[policy]}
                  {summary && <span class="muted small policy-effect" data-policy-effect={policy}><br />{effectWords(policy, summary)}</span>}
                </span>
              </label>
            ))}
          </fieldset>
          <AlertSettingsCard alerts={settings.alerts} rooms={data.overview?.rooms ?? []} save={(alerts) => void save({ alerts })} />
          <fieldset class="card">
            <legend>{S.settings.originsTitle}</legend>
            <p class="muted small">{S.settings.originsHelp}</p>
            <ul class="plain origins">
              {settings.elementOrigins.map((o) => (
                <li key={o} data-origin={o}>
                  <span class="mxid">{o}</span>
                  <ActionButton action="remove-origin" label="×" ariaLabel={S.settings.originRemove(o)}
                    run={() => save({ elementOrigins: settings.elementOrigins.filter((x) => x !== o) })} />
                </li>
              ))}
            </ul>
            <form class="inline-form" onSubmit={addOrigin}>
              <input type="url" value={origin} placeholder={S.settings.originPlaceholder} aria-label={S.settings.originsTitle}
                onInput={(e) => setOrigin((e.target as HTMLInputElement).value)} />
              <button type="submit" class="btn btn-secondary">{S.settings.originAdd}</button>
            </form>
          </fieldset>
          <fieldset class="card">
            <legend>{S.settings.holdTitle}</legend>
            <label class="radio">
              <input type="checkbox" data-setting="hold-sending" checked={settings.holdSendingOnCritical}
                onChange={(e) => void save({ holdSendingOnCritical: (e.target as HTMLInputElement).checked })} />
              <span>{S.settings.holdLabel}</span>
            </label>
            <p class="muted small">{S.settings.holdHelp}</p>
          </fieldset>
          <fieldset class="card">
            <legend>{S.settings.retentionTitle}</legend>
            <select aria-label={S.settings.retentionTitle} value={String(settings.historyRetentionDays)}
              onChange={(e) => void save({ historyRetentionDays: Number((e.target as HTMLSelectElement).value) })}>
              {[...new Set([...RETENTION_CHOICES, settings.historyRetentionDays])].sort((a, b) => a - b).map((days) => (
                <option key={days} value={String(days)}>{plural(days, S.settings.retentionDays)}</option>
              ))}
            </select>
          </fieldset>
        </>
      )}
      <fieldset class="card" id="export" ref={exportCard}>
        <legend>{S.settings.exportTitle}</legend>
        {report ? <ExportButtons report={report} /> : <p class="muted" role={full.loaded ? undefined : "status"}>{full.loaded ? S.settings.exportNothing : S.loading}</p>}
        <RecordsExportButton />
      </fieldset>
      <fieldset class="card">
        <legend>{S.settings.signOutTitle}</legend>
        <p class="muted small">{S.settings.signOutHelp}</p>
        {!confirmSignOut ? (
          <button type="button" class="btn btn-danger" data-action="sign-out" onClick={() => setConfirmSignOut(true)}>{S.settings.signOut}</button>
        ) : (
          <div class="actions">
            <span>{S.settings.signOutConfirm}</span>
            <ActionButton action="sign-out-confirm" kind="danger" label={S.settings.signOut}
              run={(): Promise<Result<{ serverLogoutFailed: boolean }>> => backend.send("session.signOut", {})}
              onDone={(value) => {
                if (value.serverLogoutFailed) alertLater(S.settings.signOutServerFailed);
                void controls.reload();
              }} />
            <button type="button" class="btn btn-secondary" onClick={() => setConfirmSignOut(false)}>{S.verifyDevice.cancel}</button>
          </div>
        )}
      </fieldset>
    </div>
  );
}

/** Keeps the server-failure note visible after the screen changes to sign-in. */
function alertLater(text: string): void {
  sessionStorage.setItem("signOutNote", text);
}
