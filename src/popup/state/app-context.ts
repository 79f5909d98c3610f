/** What every screen may use: the data, the way to change it locally, and navigation. */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { reportBody } from "../../core/risk.ts";
import type { AuditReport } from "../../core/verdicts.ts";
import type { Route } from "../route.ts";
import type { PopupData, PopupDataControls } from "./use-popup-data.ts";

export interface AppState {
  data: PopupData;
  controls: PopupDataControls;
  go: (route: Route) => void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error("The popup rendered a screen outside its app.");
  return app;
}

/** The report with these findings marked acknowledged (what the background will push shortly). */
export function withAcknowledged(report: AuditReport, ids: ReadonlySet<string>): AuditReport {
  const rooms = report.rooms.map((room) =>
    room.findings.some((f) => ids.has(f.id) && !f.acknowledged)
      ? { ...room, findings: room.findings.map((f) => (ids.has(f.id) ? { ...f, acknowledged: true } : f)) }
      : room,
  );
  return { ...report, ...reportBody(rooms) };
}
