/**
 * The toolbar icon's badge: the number of problems not acknowledged (src/core/problems.ts), the
 * same entries the popup's inbox lists, coloured by the worst of them.
 * `toolbarBadgeFor` is pure (tested in Node); `showToolbarBadge` is the one browser call, given
 * `browser.action` by its caller (so this file loads in Node too).
 */
import type { Action } from "webextension-polyfill";
import { problemsOf } from "../core/problems.ts";
import { SEVERITY_RANK, type AuditReport, type Severity } from "../core/verdicts.ts";

export interface ToolbarBadge {
  /** "" hides the badge. */
  text: string;
  color: string;
  /** The icon's tooltip, in words (the colour alone says nothing to some users). */
  title: string;
}

/** Same hues as the popup's severity tokens; strong enough for white badge text. */
export const BADGE_COLORS: Record<Severity, string> = {
  critical: "#c8102e",
  warning: "#b35400",
  notice: "#2a5db0",
};

const APP_NAME = "Matrix Trust Auditor";

export function toolbarBadgeFor(report: AuditReport | null): ToolbarBadge {
  let count = 0;
  let worst: Severity | null = null;
  for (const problem of problemsOf(report?.rooms ?? [])) {
    if (problem.acknowledged) continue;
    count++;
    if (!worst || SEVERITY_RANK[problem.severity] > SEVERITY_RANK[worst]) worst = problem.severity;
  }
  if (count === 0 || !worst) return { text: "", color: BADGE_COLORS.notice, title: APP_NAME };
  return {
    text: count > 99 ? "99+" : String(count),
    color: BADGE_COLORS[worst],
    title: `${APP_NAME}: ${count} ${count === 1 ? "problem" : "problems"} to review (worst: ${worst})`,
  };
}

/** While the passphrase lock is on: a lock on the icon, no counts (nothing is audited meanwhile). */
export const LOCKED_TOOLBAR_BADGE: ToolbarBadge = {
  text: "🔒",
  color: "#5c6470",
  title: `${APP_NAME}: locked. Open it and enter your passphrase to resume auditing.`,
};

export async function showToolbarBadge(action: Action.Static, badge: ToolbarBadge): Promise<void> {
  await Promise.all([
    action.setBadgeText({ text: badge.text }),
    action.setBadgeBackgroundColor({ color: badge.color }),
    action.setTitle({ title: badge.title }),
  ]);
  // Chrome otherwise picks the text colour itself; white reads best on these colours.
  if (typeof action.setBadgeTextColor === "function") await action.setBadgeTextColor({ color: "#ffffff" }).catch(() => undefined);
}
