/** Shown when no session exists (or the background cannot say): the sign-in form and the background's health. */
import { BackgroundStatus } from "../BackgroundStatus.tsx";

export function SignedOut() {
  const note = sessionStorage.getItem("signOutNote");
  return (
    <div class="screen signed-out" data-screen="signed-out">
      {note && <p class="tone-warning" role="status">{note}</p>}
      <BackgroundStatus />
    </div>
  );
}
