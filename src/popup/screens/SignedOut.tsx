/** Shown when no session exists (or the background cannot say): the sign-in form and the background's health. */
import browser from "webextension-polyfill";
import { BackgroundStatus } from "../BackgroundStatus.tsx";
import { S } from "../strings.ts";
import { SignInForm } from "../signin/SignInForm.tsx";
import { useApp } from "../state/app-context.ts";

export function SignedOut() {
  const { data, controls } = useApp();
  const note = sessionStorage.getItem("signOutNote");
  // Why a session ended without the user signing out (e.g. its device was removed elsewhere).
  const ended = data.status?.signedIn === false ? data.status.sync?.lastError : undefined;
  return (
    <div class="screen signed-out" data-screen="signed-out">
      {note && <p class="tone-warning" role="status">{note}</p>}
      {ended && <p class="tone-warning" role="status" data-session-ended>{ended}</p>}
      <SignInForm
        onSignedIn={() => {
          sessionStorage.removeItem("signOutNote");
          void controls.reload();
        }}
      />
      <section class="card privacy" data-privacy>
        <h2>{S.privacy.title}</h2>
        <p class="muted small">{S.privacy.short}</p>
        <a href={browser.runtime.getURL("PRIVACY.md")} target="_blank" rel="noreferrer">{S.privacy.more}</a>
      </section>
      <BackgroundStatus />
    </div>
  );
}
