/**
 * The popup's own App with a stand-in backend answering from `window.__PREVIEW__` (set by the opener).
 * Development only: see README.md.
 */
import { ALERTS_OFF } from "../../../src/core/alerts.ts";
import { overviewOf, roomDetailOf } from "../../../src/core/overview.ts";
import { render } from "preact";
import type { AuditReport } from "../../../src/core/verdicts.ts";
import type { HistoryItem, MessageType, PopupPush, RequestOf, ResponseOf, SessionStatus, Settings } from "../../../src/protocol/messages.ts";
import { fail, ok, type Result } from "../../../src/protocol/result.ts";
import { App } from "../../../src/popup/App.tsx";
import type { PopupBackend } from "../../../src/popup/backend.ts";
import "../../../src/popup/popup.css";

interface Preview {
  report: AuditReport;
  history: HistoryItem[];
  progress?: { roomsDone: number; roomsTotal: number };
}

const preview = (globalThis as unknown as { __PREVIEW__: Preview }).__PREVIEW__;
let settings: Settings = { isolationPolicy: "all-devices", elementOrigins: ["https://element.example.org"], historyRetentionDays: 90, holdSendingOnCritical: false, alerts: ALERTS_OFF };

function status(): SessionStatus {
  return { signedIn: true, userId: preview.report.account.userId, deviceId: preview.report.account.deviceId, sync: { state: "syncing" } };
}

function answer<T extends MessageType>(type: T, payload: RequestOf<T>): Result<unknown> {
  switch (type) {
    case "session.status":
      return ok(status());
    case "audit.report":
      return ok(preview.report);
    case "popup.open":
      return ok({ status: status(), overview: ok(overviewOf(preview.report)) });
    case "audit.overview":
      return ok(overviewOf(preview.report));
    case "audit.room":
      return ok(roomDetailOf(preview.report, (payload as RequestOf<"audit.room">).roomId));
    case "history.list": {
      const q = payload as RequestOf<"history.list">;
      const entries = preview.history.filter((e) => (!q.room || e.roomId === q.room) && (!q.user || e.userId === q.user));
      return ok({ entries, more: false });
    }
    case "settings.get":
      return ok(settings);
    case "settings.set":
      settings = { ...settings, ...(payload as Partial<Settings>) };
      return ok(settings);
    default:
      return fail("internal", `The preview cannot answer ${type}.`);
  }
}

const backend: PopupBackend = {
  send: async <T extends MessageType>(type: T, payload: RequestOf<T>) => answer(type, payload) as Result<ResponseOf<T>>,
  listen(onPush: (push: PopupPush) => void) {
    if (preview.progress) onPush({ type: "audit.progress", progress: preview.progress });
    return () => {};
  },
};

render(<App backend={backend} />, document.getElementById("app")!);
