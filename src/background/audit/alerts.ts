/**
 * Desktop notifications for new problems, when the user turned them on (src/core/alerts.ts says
 * which). One notification per problem, ever: the problems alerted about are kept per account in the
 * `meta` store, so neither a restart nor an acknowledgement brings one back. An acknowledged
 * problem's notification is cleared. Turning alerts on (or widening them) alerts nothing that is
 * already there: only problems that appear afterwards.
 */
import { alertId, alertsDue, qualifies, type AlertSettings } from "../../core/alerts.ts";
import { problemsOf } from "../../core/problems.ts";
import { plainText, titleOf } from "../../core/report-text.ts";
import type { AuditReport } from "../../core/verdicts.ts";
import { ALERT_WORDS, SEVERITY_WORDS } from "../../core/words.ts";
import { getMeta, setMeta, type AuditorDB } from "../../store/db.ts";
import { ALERTED_KEY } from "../../store/audit/meta-keys.ts";

/** The part of `browser.notifications` used here. */
export interface NotificationsApi {
  create(id: string, options: { type: "basic"; iconUrl: string; title: string; message: string }): Promise<string>;
  clear(id: string): Promise<boolean>;
}

interface AlertedState {
  account: string;
  /** Problems alerted about (or already there when alerts were turned on), by id. */
  ids: string[];
  /** The settings the ids were taken under: other settings take a new baseline. */
  settings: AlertSettings;
}

const sameSettings = (a: AlertSettings, b: AlertSettings) => JSON.stringify(a) === JSON.stringify(b);

export class ProblemAlerts {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      db: () => Promise<AuditorDB>;
      settings: () => Promise<AlertSettings>;
      notifications: NotificationsApi;
      iconUrl: string;
    },
  ) {}

  /** Alerts about the report's new problems (one at a time, in order of reports). */
  follow(report: AuditReport | null): Promise<void> {
    this.chain = this.chain.then(() => (report ? this.run(report) : undefined)).catch((error: unknown) => console.warn("[alerts] could not alert", error));
    return this.chain;
  }

  private async run(report: AuditReport): Promise<void> {
    const settings = await this.options.settings();
    const db = await this.options.db();
    const account = report.account.userId;
    const stored = await getMeta<AlertedState>(db, ALERTED_KEY);
    const problems = problemsOf(report.rooms);
    const known = stored?.account === account ? stored : null;
    const alerted = new Set(known?.ids ?? []);
    for (const problem of problems) if (problem.acknowledged && alerted.has(problem.id)) await this.options.notifications.clear(alertId(problem.id)).catch(() => false);
    if (!settings.enabled) {
      if (known) await setMeta(db, ALERTED_KEY, { ...known, settings });
      return;
    }
    // Turned on, widened, or another account: what is there now is the baseline, not news.
    const baseline = !known || !known.settings.enabled || !sameSettings(known.settings, settings);
    const due = baseline ? [] : alertsDue(problems, settings, alerted);
    if (baseline) for (const problem of problems) if (qualifies(problem, settings)) alerted.add(problem.id);
    for (const problem of due) {
      await this.options.notifications.create(alertId(problem.id), {
        type: "basic",
        iconUrl: this.options.iconUrl,
        // Other people's names are in the title: plain text, one line, bounded.
        title: plainText(`${SEVERITY_WORDS[problem.severity]}: ${titleOf(problem, report.rooms)}`).slice(0, 200),
        message: plainText(ALERT_WORDS.message(problem.roomIds.map((id) => report.rooms.find((r) => r.roomId === id)?.name || id))).slice(0, 300),
      });
      alerted.add(problem.id);
    }
    // Problems gone from the report are forgotten; the list stays as long as the report.
    const present = new Set(problems.map((p) => p.id));
    const ids = [...alerted].filter((id) => present.has(id));
    await setMeta(db, ALERTED_KEY, { account, ids, settings } satisfies AlertedState);
  }
}
