/**
 * Desktop alerts for new problems (opt-in, off by default): which problems deserve one. A problem
 * is alerted once: its id is remembered, so it is never alerted again — not after acknowledgement,
 * not after a restart. Turning alerts on remembers the problems already there: only new ones alert.
 */
import type { Problem } from "./problems.ts";

export interface AlertSettings {
  /** Off by default. */
  enabled: boolean;
  /** Also warnings, not only critical problems. */
  warnings: boolean;
  /** Only problems touching `watchedRooms`; otherwise every room. */
  watchedOnly: boolean;
  watchedRooms: string[];
}

export const ALERTS_OFF: AlertSettings = { enabled: false, warnings: false, watchedOnly: false, watchedRooms: [] };

/** A problem these settings alert about, whether or not it was alerted already. */
export function qualifies(problem: Problem, settings: AlertSettings): boolean {
  if (!settings.enabled || problem.acknowledged) return false;
  if (problem.severity !== "critical" && !(settings.warnings && problem.severity === "warning")) return false;
  return !settings.watchedOnly || problem.roomIds.some((id) => settings.watchedRooms.includes(id));
}

/** The problems to alert about now: qualifying, and never alerted before. */
export function alertsDue(problems: readonly Problem[], settings: AlertSettings, alerted: ReadonlySet<string>): Problem[] {
  return problems.filter((p) => qualifies(p, settings) && !alerted.has(p.id));
}

/** The notification's id for a problem (the browser gives it back when the notification is clicked). */
export function alertId(problemId: string): string {
  return `problem:${problemId}`;
}

/** The popup's address of a problem (popup.html + this): the inbox with that problem's entry in view. */
export function problemHash(problemId: string): string {
  return `#/problem/${encodeURIComponent(problemId)}`;
}

/** The problem id of a notification id of ours, or null for other notifications. */
export function problemOfAlert(notificationId: string): string | null {
  return notificationId.startsWith("problem:") ? notificationId.slice("problem:".length) : null;
}
