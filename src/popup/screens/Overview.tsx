/** The first screen once signed in: account and session trust, inbox, rooms. */
import { AccountCard } from "../components/AccountCard.tsx";
import { AuditProgressBar } from "../components/AuditProgressBar.tsx";
import { StorageProblemBanner } from "../components/StorageProblemBanner.tsx";
import { useApp } from "../state/app-context.ts";
import { S } from "../strings.ts";
import { Inbox } from "./Inbox.tsx";
import { RoomsList } from "./RoomsList.tsx";

/** `focusProblem`: a problem whose entry is brought into view and focused (a desktop alert's click). */
export function Overview({ focusProblem }: { focusProblem?: string }) {
  const { data } = useApp();
  return (
    <div class="screen overview" data-screen="overview">
      <h1 class="sr-only">{S.nav.overview}</h1>
      {data.storageProblem && <StorageProblemBanner problem={data.storageProblem} />}
      <AccountCard status={data.status} report={data.overview} />
      {data.progress && <AuditProgressBar progress={data.progress} />}
      {data.overview ? (
        <>
          <Inbox overview={data.overview} focusProblem={focusProblem} />
          <RoomsList rooms={data.overview.rooms} />
        </>
      ) : (
        <p class="empty" role="status">{data.overviewLoaded ? S.errors.noReport : S.loading}</p>
      )}
    </div>
  );
}
