/**
 * Screens that show more of the report than the overview ask the background for it themselves:
 * once the overview is there, and again each time it changes (`PopupData.revision`), keeping the
 * last answer on screen meanwhile.
 */
import { useLayoutEffect, useState } from "preact/hooks";
import type { RoomDetail } from "../../core/overview.ts";
import type { AuditReport } from "../../core/verdicts.ts";
import type { ProtocolError, Result } from "../../protocol/result.ts";
import { useBackend, type PopupBackend } from "../backend.ts";
import { useApp } from "./app-context.ts";

export interface Asked<T> {
  /** The last answer (null: there is none, or not yet). */
  value: T | null;
  /** True once asked and answered for the current `key`. */
  loaded: boolean;
  error: ProtocolError | null;
}

/** The whole report (export, the policy preview's totals, names in the history). */
export function useFullReport(): Asked<AuditReport> {
  return useAsked("report", (backend) => backend.send("audit.report", {}));
}

/** One room's full audit and the problems touching it. */
export function useRoomDetail(roomId: string): Asked<RoomDetail> {
  return useAsked(roomId, (backend) => backend.send("audit.room", { roomId }));
}

function useAsked<T>(key: string, ask: (backend: PopupBackend) => Promise<Result<T | null>>): Asked<T> {
  const backend = useBackend();
  const { data } = useApp();
  const [answer, setAnswer] = useState<Asked<T> & { key: string }>({ key, value: null, loaded: false, error: null });
  // Asked right after the commit, not a frame later (an effect would wait for the first paint).
  useLayoutEffect(() => {
    if (!data.overviewLoaded) return;
    let current = true;
    void ask(backend).then((result) => {
      if (!current) return;
      setAnswer((old) =>
        result.ok
          ? { key, value: result.value, loaded: true, error: null }
          : { key, value: old.key === key ? old.value : null, loaded: true, error: result.error },
      );
    });
    return () => {
      current = false;
    };
    // `ask` is made anew at each render; `key` says what it asks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [backend, key, data.overviewLoaded, data.revision]);
  return answer.key === key ? answer : { value: null, loaded: false, error: null };
}
