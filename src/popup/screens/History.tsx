/** The trust-change log, newest first, filterable by room and user, paged backwards. */
import { useEffect, useState } from "preact/hooks";
import { isUserId } from "../../protocol/guards.ts";
import type { HistoryItem } from "../../protocol/messages.ts";
import { useBackend } from "../backend.ts";
import { UserText } from "../components/UserText.tsx";
import { historyRows } from "../model/history-rows.ts";
import { useApp } from "../state/app-context.ts";
import { useFullReport } from "../state/use-report.ts";
import { formatTime, S } from "../strings.ts";

const PAGE = 100;

interface Page {
  entries: HistoryItem[];
  more: boolean;
  error: string | null;
  loading: boolean;
}

export function History({ room, user }: { room?: string; user?: string }) {
  const backend = useBackend();
  const { data, go } = useApp();
  const [page, setPage] = useState<Page>({ entries: [], more: false, error: null, loading: true });
  const [userText, setUserText] = useState(user ?? "");
  const rooms = data.overview?.rooms ?? [];
  // People's names are in the rooms' members: the whole report, asked for here (the rooms' names come first).
  const fullRooms = useFullReport().value?.rooms ?? [];
  const nameOfRoom = (roomId: string) => rooms.find((r) => r.roomId === roomId)?.name ?? null;
  const nameOfUser = (userId: string) => {
    for (const r of fullRooms) {
      const m = r.members.find((m) => m.userId === userId);
      if (m?.displayName) return m.displayName;
    }
    return null;
  };

  const load = async (before: number | undefined, keep: HistoryItem[]) => {
    setPage((old) => ({ ...old, loading: true, error: null }));
    const query = { limit: PAGE, ...(room ? { room } : {}), ...(user ? { user } : {}), ...(before !== undefined ? { before } : {}) };
    const answer = await backend.send("history.list", query);
    setPage(
      answer.ok
        ? { entries: [...keep, ...answer.value.entries], more: answer.value.more, error: null, loading: false }
        : { entries: keep, more: false, error: answer.error.message, loading: false },
    );
  };

  useEffect(() => {
    setUserText(user ?? "");
    void load(undefined, []);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [room, user]);

  const userValid = userText === "" || isUserId(userText);
  const applyUser = (event: Event) => {
    event.preventDefault();
    if (!userValid || userText === (user ?? "")) return;
    go({ name: "history", ...(room ? { room } : {}), ...(userText ? { user: userText } : {}) });
  };

  return (
    <div class="screen history" data-screen="history">
      <h1>{S.history.title}</h1>
      <form class="filters" onSubmit={applyUser}>
        <label>
          {S.history.filterRoom}
          <select value={room ?? ""} onChange={(e) => {
            const value = (e.target as HTMLSelectElement).value;
            go({ name: "history", ...(value ? { room: value } : {}), ...(user ? { user } : {}) });
          }}>
            <option value="">{S.history.anyRoom}</option>
            {rooms.map((r) => <option key={r.roomId} value={r.roomId}>{r.name || r.roomId}</option>)}
          </select>
        </label>
        <label>
          {S.history.filterUser}
          <input type="search" value={userText} placeholder={S.history.userPlaceholder} aria-invalid={!userValid}
            onInput={(e) => setUserText((e.target as HTMLInputElement).value.trim())}
            onBlur={applyUser} />
        </label>
        {!userValid && <p class="action-error" role="alert">{S.history.invalidUser}</p>}
      </form>
      {page.error !== null && <p class="action-error" role="alert">{page.error}</p>}
      {page.entries.length === 0 && !page.loading && page.error === null && <p class="empty">{S.history.empty}</p>}
      <ol class="history-list" aria-label={S.history.title}>
        {historyRows(page.entries).map((row) => row.kind === "members" ? (
          <li key={row.key} class="history-group" data-room-id={row.roomId} data-members={row.entries.length}>
            <div class="history-head">
              <strong>{S.history.members(row.entries.length)}</strong>
              <time class="muted small" dateTime={new Date(row.at).toISOString()}>{formatTime(row.at)}</time>
            </div>
            <div class="muted small"><UserText text={nameOfRoom(row.roomId)} fallback={row.roomId} /></div>
            <ul class="plain history-names">
              {row.entries.map((entry) => (
                <li key={entry.seq} class="history-entry" data-kind={entry.kind} data-user-id={entry.userId}>
                  <UserText text={nameOfUser(entry.userId)} fallback={entry.userId} /> <span class="mxid">{entry.userId}</span>
                </li>
              ))}
            </ul>
          </li>
        ) : ((entry) => (
          <li key={entry.seq} class="history-entry" data-kind={entry.kind} data-user-id={entry.userId}>
            <div class="history-head">
              <strong>{S.change[entry.kind]}</strong>
              <time class="muted small" dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at)}</time>
            </div>
            <div>
              <UserText text={nameOfUser(entry.userId)} fallback={entry.userId} /> <span class="mxid">{entry.userId}</span>
              {entry.deviceId && <span class="muted small"> · {entry.deviceId}</span>}
            </div>
            {entry.roomId && <div class="muted small"><UserText text={nameOfRoom(entry.roomId)} fallback={entry.roomId} /></div>}
            {entry.detail && <div class="small">{entry.detail}</div>}
          </li>
        ))(row.entry))}
      </ol>
      {page.loading && <p class="muted" role="status">{S.loading}</p>}
      {page.more && !page.loading && (
        <button type="button" class="btn btn-link" onClick={() => void load(page.entries[page.entries.length - 1]?.seq, page.entries)}>
          {S.history.more}
        </button>
      )}
    </div>
  );
}
