/**
 * The popup: paints from the background's stored snapshot at once, follows pushes live, and routes
 * between the overview, a room, the history, the settings and device verification.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { BackendContext, type PopupBackend } from "./backend.ts";
import { ScrollParentContext } from "./components/scroll-parent.ts";
import { formatRoute, type Route } from "./route.ts";
import { Overview } from "./screens/Overview.tsx";
import { AppContext, type AppState } from "./state/app-context.ts";
import { usePopupData } from "./state/use-popup-data.ts";
import { useRoute } from "./state/use-route.ts";
import { S } from "./strings.ts";
import { lazyScreen } from "./lazy-screen.ts";

// Only the overview loads with the popup; each other screen's code loads when it is first shown.
const Room = lazyScreen(() => import("./screens/Room.tsx").then((m) => m.Room));
const History = lazyScreen(() => import("./screens/History.tsx").then((m) => m.History));
const Settings = lazyScreen(() => import("./screens/Settings.tsx").then((m) => m.Settings));
const SignedOut = lazyScreen(() => import("./screens/SignedOut.tsx").then((m) => m.SignedOut));
const Locked = lazyScreen(() => import("./screens/Locked.tsx").then((m) => m.Locked));
const VerificationFlow = lazyScreen(() => import("./screens/VerificationFlow.tsx").then((m) => m.VerificationFlow));
const VerifyDevice = lazyScreen(() => import("./screens/VerifyDevice.tsx").then((m) => m.VerifyDevice));
const IdentityScreen = lazyScreen(() => import("./verification/IdentityScreen.tsx").then((m) => m.IdentityScreen));
const IdentityChange = lazyScreen(() => import("./verification/IdentityChange.tsx").then((m) => m.IdentityChange));
const VerifyOwnDevice = lazyScreen(() => import("./verification/VerifyOwnDevice.tsx").then((m) => m.VerifyOwnDevice));

export function App({ backend }: { backend: PopupBackend }) {
  const [data, controls] = usePopupData(backend);
  const [route, go] = useRoute();
  const app = useMemo<AppState>(() => ({ data, controls, go }), [data, controls, go]);
  const scrollRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const back = (event: KeyboardEvent) => {
      if (event.key === "Escape" && route.name !== "overview" && !(event.target as HTMLElement).matches("input, select, textarea")) history.back();
    };
    addEventListener("keydown", back);
    return () => removeEventListener("keydown", back);
  }, [route]);

  const signedIn = data.status?.signedIn === true;
  // Locked: only the passphrase screen, nothing of the records or the last audit.
  const locked = signedIn && data.status?.locked === true;
  return (
    <BackendContext.Provider value={backend}>
      <AppContext.Provider value={app}>
        <ScrollParentContext.Provider value={scrollRef}>
          <div class="app" data-signed-in={data.status === null ? "unknown" : String(signedIn)}>
            {signedIn && !locked && <TopBar route={route} go={go} />}
            {/* Keyed by route: a new screen starts at its top (or where a deep link puts it). */}
            <main key={formatRoute(route)} ref={scrollRef} class="scroll" id="content" tabIndex={-1}>
              {data.error && <p class="action-error" role="alert">{data.error.message}</p>}
              {locked ? <Locked userId={data.status?.userId ?? ""} /> : signedIn ? <Screen route={route} /> : data.status === null && !data.error ? <p class="empty" role="status">{S.loading}</p> : <SignedOut />}
            </main>
          </div>
        </ScrollParentContext.Provider>
      </AppContext.Provider>
    </BackendContext.Provider>
  );
}

function Screen({ route }: { route: Route }): ComponentChildren {
  switch (route.name) {
    case "overview":
      return <Overview />;
    case "problem":
      return <Overview focusProblem={route.problemId} />;
    case "room":
      return <Room roomId={route.roomId} userId={route.userId} />;
    case "history":
      return <History key={`${route.room}|${route.user}`} room={route.room} user={route.user} />;
    case "settings":
      return <Settings section={route.section} />;
    case "verify-device":
      return <VerifyDevice userId={route.userId} deviceId={route.deviceId} />;
    case "own-device":
      return <VerifyOwnDevice deviceId={route.deviceId} />;
    case "flow":
      return <VerificationFlow flowId={route.flowId} />;
    case "identity":
      return <IdentityScreen />;
    case "identity-change":
      return <IdentityChange userId={route.userId} />;
  }
}

const SECTIONS = [
  { name: "overview", label: S.nav.overview },
  { name: "history", label: S.nav.history },
  { name: "settings", label: S.nav.settings },
] as const;

function TopBar({ route, go }: { route: Route; go: (route: Route) => void }) {
  const section = route.name === "problem" ? "overview" : route.name === "room" || route.name === "verify-device" || route.name === "own-device" || route.name === "flow" || route.name === "identity" || route.name === "identity-change" ? null : route.name;
  return (
    <header class="topbar">
      {section === null ? (
        <button type="button" class="btn btn-link back" onClick={() => history.back()} aria-label={S.back}>← {S.back}</button>
      ) : (
        <span class="brand">{S.appName}</span>
      )}
      <nav aria-label={S.nav.label}>
        {SECTIONS.map((s) => (
          <button key={s.name} type="button" class="tab" aria-current={section === s.name ? "page" : undefined} data-nav={s.name}
            onClick={() => go({ name: s.name })}>
            {s.label}
          </button>
        ))}
      </nav>
    </header>
  );
}
