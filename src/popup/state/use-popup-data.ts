/**
 * The popup's view of the background: session status and the audit report, painted from the
 * background's stored snapshot at once, then kept current by the push port.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { AuditProgress, AuditReport } from "../../core/verdicts.ts";
import type { SessionStatus, StorageProblem } from "../../protocol/messages.ts";
import type { ProtocolError } from "../../protocol/result.ts";
import type { PopupBackend } from "../backend.ts";

export interface PopupData {
  /** Null until the first answer. */
  status: SessionStatus | null;
  report: AuditReport | null;
  /** True once the stored report has been asked for and answered (even if there is none). */
  reportLoaded: boolean;
  progress: AuditProgress | null;
  /** Why the background cannot save the records now (shown on the overview); null when it can. */
  storageProblem: StorageProblem | null;
  error: ProtocolError | null;
}

export interface PopupDataControls {
  reload(): Promise<void>;
  /** Applies a local change at once (e.g. after acknowledging) until the background's push arrives. */
  patchReport(change: (report: AuditReport) => AuditReport): void;
}

const RECONNECT_MS = 1000;

export function usePopupData(backend: PopupBackend): [PopupData, PopupDataControls] {
  const [data, setData] = useState<PopupData>({ status: null, report: null, reportLoaded: false, progress: null, storageProblem: null, error: null });
  const alive = useRef(true);

  const reload = useCallback(async () => {
    // The storage check is answered after the (large) report: the screens paint without waiting for it.
    const storageAnswer = backend.send("audit.storage", {}).then((storage) => {
      if (alive.current && storage.ok) setData((old) => ({ ...old, storageProblem: storage.value }));
    });
    const [status, report] = await Promise.all([backend.send("session.status", {}), backend.send("audit.report", {})]);
    if (!alive.current) return;
    setData((old) => ({
      ...old,
      status: status.ok ? status.value : old.status,
      report: report.ok ? report.value : old.report,
      // Answered, even if with an error (shown above the screen): stop saying "Loading".
      reportLoaded: true,
      error: !status.ok ? status.error : !report.ok && status.value.signedIn ? report.error : null,
    }));
    await storageAnswer;
  }, [backend]);

  useEffect(() => {
    alive.current = true;
    let close: (() => void) | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      close = backend.listen(
        (push) => {
          setData((old) => {
            switch (push.type) {
              case "audit.report":
                return { ...old, report: push.report, reportLoaded: true };
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

  const patchReport = useCallback((change: (report: AuditReport) => AuditReport) => {
    setData((old) => (old.report ? { ...old, report: change(old.report) } : old));
  }, []);

  return [data, { reload, patchReport }];
}
