/**
 * Keeps the audit fresh while the browser runs without keeping the background alive: an alarm
 * wakes it every few minutes, the stored session resumes, one /sync is let in and saved, and the
 * browser may stop the background again once it is idle.
 */
import browser from "webextension-polyfill";
import { keepAliveWhile } from "./keep-alive.ts";
import type { SessionManager } from "./session-manager.ts";

export const SESSION_ALARM = "session-refresh";
export const SESSION_ALARM_PERIOD_MINUTES = 5;
/** Long enough for one long-poll answer, short of the browsers' 30-second idle limit. */
const REFRESH_WAIT_MS = 20_000;

/** Creates the alarm if it is missing (alarms survive background restarts, not browser restarts). */
export async function scheduleSessionAlarm(): Promise<void> {
  if (await browser.alarms.get(SESSION_ALARM)) return;
  await browser.alarms.create(SESSION_ALARM, { periodInMinutes: SESSION_ALARM_PERIOD_MINUTES });
}

export async function cancelSessionAlarm(): Promise<void> {
  await browser.alarms.clear(SESSION_ALARM);
}

/** Register synchronously at start-up, so the alarm that woke the background is delivered. */
export function followSessionAlarm(session: () => SessionManager): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== SESSION_ALARM) return;
    void keepAliveWhile(() => session().refresh(REFRESH_WAIT_MS)).catch((error) => console.warn("[session] refresh on alarm failed", error));
  });
}

/** Keeps the alarm in step with the session: present while signed in, gone after sign-out. */
export async function syncSessionAlarm(session: SessionManager): Promise<void> {
  if ((await session.status()).signedIn) await scheduleSessionAlarm();
  else await cancelSessionAlarm();
}
