/**
 * The popup's view of the background: session status and the report's overview (src/core/overview.ts),
 * painted from the background's stored snapshot at once, then kept current by the push port. Screens
 * that show more of the report ask for it themselves (use-report.ts), again at each new `revision`.
 */
import { useCallback, useLayoutEffect, useRef, useState } from "preact/hooks";
import { overviewWithAcknowledged, type AuditOverview } from "../../core/overview.ts";
import type { AuditProgress } from "../../core/verdicts.ts";
import type { SessionStatus, StorageProblem } from "../../protocol/messages.ts";
import type { ProtocolError } from "../../protocol/result.ts";
import type { PopupBackend } from "../backend.ts";

export interface PopupData {
  /** Null until the first answer. */
  status: SessionStatus | null;
  overview: AuditOverview | null;
  /** True once the stored report's overview has been asked for and answered (even if there is none). */
  overviewLoaded: boolean;
  /** Goes up whenever the overview changes (a new report, or a local change): screens showing more of the report ask again. */
  revision: number;
  progress: AuditProgress | null;
  /** Why the background cannot save the records now (shown on the overview); null when it can. */
  storageProblem: StorageProblem | null;
  error: ProtocolError | null;
}

export interface PopupDataControls {
  reload(): Promise<void>;
  /** Shows these findings acknowledged at once (the background has acknowledged them; its push follows). */
  acknowledged(findingIds: ReadonlySet<string>): void;
}

const RECONNECT_MS = 1000;

export function usePopupData(backend: PopupBackend): [PopupData, PopupDataControls] {
  const [data, setData] = useState<PopupData>({ status: null, overview: null, overviewLoaded: false, revision: 0, progress: null, storageProblem: null, error: null });
  const alive = useRef(true);

  const reload = useCallback(async () => {
    // The screens paint without waiting for the storage check.
    const storageAnswer = backend.send("audit.storage", {}).then((storage) => {
      if (alive.current && storage.ok) setData((old) => ({ ...old, storageProblem: storage.value }));
    });
    const opened = await backend.send("popup.open", {});
    if (!alive.current) return;
    setData((old) => {
      // Answered, even if with an error (shown above the screen): stop saying "Loading".
      const answered = { ...old, overviewLoaded: true, revision: old.revision + 1 };
      if (!opened.ok) return { ...answered, error: opened.error };
      const { status, overview } = opened.value;
      return {
        ...answered,
        status,
        overview: overview.ok ? overview.value : old.overview,
        error: !overview.ok && status.signedIn ? overview.error : null,
      };
    });
    await storageAnswer;
  }, [backend]);

  // A layout effect runs right after the first commit; an effect would wait for the first frame, and
  // the questions below are what the first screen waits for.
  useLayoutEffect(() => {
    alive.current = true;
    let close: (() => void) | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      close = backend.listen(
        (push) => {
          setData((old) => {
            switch (push.type) {
              case "audit.overview":
                return { ...old, overview: push.overview, overviewLoaded: true, revision: old.revision + 1 };
              case "audit.progress":
                return { ...old, progress: push.progress.roomsDone >= push.progress.roomsTotal ? null : push.progress };
              case "session.status":
                return { ...old, status: push.status };
              case "audit.storage":
                return { ...old, storageProblem: push.problem };
            }
          });
        },
        () => {
          // The background stopped (worker idle): reconnect, then catch up on what was missed.
          close = null;
          retry = setTimeout(() => {
            if (!alive.current) return;
            connect();
            void reload();
          }, RECONNECT_MS);
        },
      );
    };
    connect();
    void reload();
    return () => {
      alive.current = false;
      clearTimeout(retry);
      close?.();
    };
  }, [backend, reload]);

  const acknowledged = useCallback((findingIds: ReadonlySet<string>) => {
    setData((old) => (old.overview ? { ...old, overview: overviewWithAcknowledged(old.overview, findingIds), revision: old.revision + 1 } : old));
  }, []);

  return [data, { reload, acknowledged }];
}
