/**
 * The sign-in form. The homeserver is looked up (by the background) as it is typed; signing in then
 * first asks for that homeserver's host permission, inside the click, and only then sends the
 * credentials to the background, which does the login. Every failure is shown in words.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ResolvedHomeserver, SessionStatus } from "../../protocol/messages.ts";
import type { ProtocolError } from "../../protocol/result.ts";
import { useBackend } from "../backend.ts";
import { SIGN_IN_WORDS } from "../screen-words/sign-in.ts";
import { requestHostPermission } from "./permission.ts";
import "./signin.css";

/** How long typing must pause before the homeserver is looked up. */
const LOOKUP_DELAY_MS = 400;

type Lookup =
  | { state: "idle" }
  | { state: "resolving"; input: string }
  | { state: "resolved"; input: string; value: ResolvedHomeserver }
  | { state: "failed"; input: string; error: ProtocolError };

/** The server part of a full user ID, used when the homeserver field is left empty. */
function serverOfUserId(user: string): string {
  const match = /^@[^:]+:(.+)$/.exec(user.trim());
  return match?.[1] ?? "";
}

export interface SignInFormProps {
  onSignedIn?: (status: SessionStatus) => void;
}

export function SignInForm({ onSignedIn }: SignInFormProps) {
  const backend = useBackend();
  const [homeserver, setHomeserver] = useState("");
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [accessToken, setAccessToken] = useState("");
  const [useToken, setUseToken] = useState(false);
  // Optional: lock with a passphrase from the start (the session's key is then never stored unwrapped).
  const [withLock, setWithLock] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [repeat, setRepeat] = useState("");
  const [lookup, setLookup] = useState<Lookup>({ state: "idle" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);
  /** The input of the latest lookup started; an answer for an older input is dropped. */
  const requested = useRef("");

  const server = homeserver.trim() || (useToken ? "" : serverOfUserId(user));

  const resolve = async (input: string, again = false) => {
    if (input === "" || (requested.current === input && !again)) return;
    requested.current = input;
    setLookup({ state: "resolving", input });
    const answer = await backend.send("session.resolveHomeserver", { homeserver: input });
    if (requested.current !== input) return;
    setLookup(answer.ok ? { state: "resolved", input, value: answer.value } : { state: "failed", input, error: answer.error });
  };

  useEffect(() => {
    if (server === "") {
      requested.current = "";
      setLookup({ state: "idle" });
      return;
    }
    const timer = setTimeout(() => void resolve(server), LOOKUP_DELAY_MS);
    return () => clearTimeout(timer);
  }, [server]);

  const resolved = lookup.state === "resolved" && lookup.input === server ? lookup.value : null;
  const lockReady = !withLock || (passphrase !== "" && passphrase === repeat);
  const complete = resolved !== null && lockReady && (useToken ? accessToken.trim() !== "" : user.trim() !== "" && password !== "");

  const submit = (event: Event) => {
    event.preventDefault();
    if (!resolved || !complete || busy) return;
    // First, inside the gesture: the browser refuses the permission prompt after an await.
    const permission = requestHostPermission(resolved.permissionOrigin);
    setBusy(true);
    setError(null);
    void (async () => {
      const granted = await permission;
      if (!granted) {
        setError({ code: "forbidden", message: SIGN_IN_WORDS.permissionRefused(resolved.permissionOrigin) });
        setBusy(false);
        return;
      }
      const credentials = useToken ? { accessToken: accessToken.trim() } : { user: user.trim(), password };
      const answer = await backend.send("session.signIn", {
        homeserver: resolved.baseUrl,
        ...credentials,
        ...(withLock ? { passphrase } : {}),
      });
      setBusy(false);
      if (answer.ok) {
        setPassword("");
        setPassphrase("");
        setRepeat("");
        setAccessToken("");
        onSignedIn?.(answer.value);
      } else {
        setError(answer.error);
      }
    })();
  };

  const lookupFailed = lookup.state === "failed" && lookup.input === server ? lookup.error : null;
  return (
    <form class="card signin" data-form="sign-in" onSubmit={submit} aria-busy={busy}>
      <h1>{SIGN_IN_WORDS.title}</h1>
      <p class="muted small">{SIGN_IN_WORDS.intro}</p>

      <label class="field">
        <span>{SIGN_IN_WORDS.homeserver}</span>
        <input type="text" name="homeserver" autocomplete="url" spellcheck={false} placeholder={SIGN_IN_WORDS.homeserverPlaceholder} value={homeserver}
          aria-invalid={lookupFailed ? "true" : undefined} aria-describedby="homeserver-note" disabled={busy}
          onInput={(e) => setHomeserver((e.target as HTMLInputElement).value)} onBlur={() => void resolve(server, lookup.state === "failed")} />
      </label>
      <p id="homeserver-note" class="small field-note" aria-live="polite" data-lookup={lookup.state}>
        {lookup.state === "resolving" && lookup.input === server && <span class="muted">{SIGN_IN_WORDS.resolving}</span>}
        {resolved && <span class="tone-good" data-resolved={resolved.baseUrl}>{SIGN_IN_WORDS.resolvedTo(resolved.baseUrl)}</span>}
        {lookupFailed && <span class="field-error" role="alert" data-error-code={lookupFailed.code}>{lookupFailed.message}</span>}
        {lookup.state === "idle" && <span class="muted">{SIGN_IN_WORDS.homeserverHint}</span>}
      </p>

      {useToken ? (
        <label class="field">
          <span>{SIGN_IN_WORDS.accessToken}</span>
          <input type="password" name="accessToken" autocomplete="off" value={accessToken} disabled={busy}
            onInput={(e) => setAccessToken((e.target as HTMLInputElement).value)} />
          <span class="muted small">{SIGN_IN_WORDS.accessTokenHint}</span>
        </label>
      ) : (
        <>
          <label class="field">
            <span>{SIGN_IN_WORDS.user}</span>
            <input type="text" name="user" autocomplete="username" spellcheck={false} placeholder={SIGN_IN_WORDS.userPlaceholder} value={user}
              disabled={busy} onInput={(e) => setUser((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span>{SIGN_IN_WORDS.password}</span>
            <input type="password" name="password" autocomplete="current-password" value={password} disabled={busy}
              onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
          </label>
        </>
      )}

      <label class="check">
        <input type="checkbox" name="withLock" checked={withLock} disabled={busy} onChange={(e) => setWithLock((e.target as HTMLInputElement).checked)} />
        <span>{SIGN_IN_WORDS.withLock}</span>
      </label>
      {withLock && (
        <>
          <p class="tone-warning small" role="note" data-lock-warning>{SIGN_IN_WORDS.lockWarning}</p>
          <label class="field">
            <span>{SIGN_IN_WORDS.lockPassphrase}</span>
            <input type="password" name="passphrase" autocomplete="new-password" value={passphrase} disabled={busy}
              onInput={(e) => setPassphrase((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span>{SIGN_IN_WORDS.lockRepeat}</span>
            <input type="password" name="repeat" autocomplete="new-password" value={repeat} disabled={busy}
              aria-invalid={repeat !== "" && repeat !== passphrase ? "true" : undefined}
              onInput={(e) => setRepeat((e.target as HTMLInputElement).value)} />
          </label>
          {repeat !== "" && repeat !== passphrase && <p class="field-error small" role="alert">{SIGN_IN_WORDS.lockMismatch}</p>}
        </>
      )}

      {error && <p class="action-error" role="alert" data-error-code={error.code}>{error.message}</p>}

      <div class="actions">
        <button type="submit" class="btn btn-primary" data-action="sign-in" disabled={!complete || busy}>
          {busy ? SIGN_IN_WORDS.signingIn : SIGN_IN_WORDS.signIn}
        </button>
        <button type="button" class="btn btn-link" data-action="toggle-token" disabled={busy}
          onClick={() => { setUseToken(!useToken); setError(null); }}>
          {useToken ? SIGN_IN_WORDS.usePassword : SIGN_IN_WORDS.useToken}
        </button>
      </div>
    </form>
  );
}
