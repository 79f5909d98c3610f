/** What every screen may use: the data, the way to change it locally, and navigation. */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
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
