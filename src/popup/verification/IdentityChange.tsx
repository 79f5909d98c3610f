/**
 * A person's digital identity changed: what that means, the key before and now, and the three
 * ways to deal with it — accept the new identity, verify them again by emoji, or (if you had
 * verified them) withdraw the verification.
 */
import { useEffect, useState } from "preact/hooks";
import type { ResponseOf } from "../../protocol/messages.ts";
import { useBackend } from "../backend.ts";
import { IDENTITY_WORDS } from "../screen-words/identity.ts";
import { ActionButton } from "../components/ActionButton.tsx";
import { Fingerprint } from "../components/Fingerprint.tsx";
import { VerifyUserButton } from "../components/VerifyUserButton.tsx";
import "./verification.css";

type Identity = ResponseOf<"identity.get">;

export function IdentityChange({ userId }: { userId: string }) {
  const backend = useBackend();
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    const answer = await backend.send("identity.get", { userId });
    if (answer.ok) setIdentity(answer.value);
    else setError(answer.error.message);
  };
  useEffect(() => void load(), [backend, userId]);

  const violation = identity !== null && identity.wasVerified && !identity.verified;
  const state = !identity ? "loading" : violation ? "violation" : identity.needsUserApproval ? "changed" : "settled";
  return (
    <div class="screen identity-change" data-screen="identity-change" data-state={state}>
      <h1>{IDENTITY_WORDS.change.title}</h1>
      <p>
        <span class="mxid">{userId}</span>
      </p>
      {error && <p class="action-error" role="alert">{error}</p>}
      {identity && (
        <>
          <p class={state === "settled" ? "tone-good" : "tone-warning"} role="status">
            {state === "violation" ? IDENTITY_WORDS.change.violation : state === "changed" ? IDENTITY_WORDS.change.changed : IDENTITY_WORDS.change.settled}
          </p>
          {state !== "settled" && <p class="muted">{IDENTITY_WORDS.change.why}</p>}
          <dl class="kv card">
            <dt>{IDENTITY_WORDS.change.currentKey}</dt>
            <dd class="big-fingerprint"><Fingerprint ed25519={identity.masterKey} /></dd>
          </dl>
          {state !== "settled" && identity.masterKey !== null && (
            <>
              {/* The safe action first: verifying by emoji checks the new key with the person. */}
              <div class="actions" data-option="verify">
                <VerifyUserButton userId={userId} who={userId} kind="primary" />
              </div>
              <p class="muted small">{IDENTITY_WORDS.change.verifyHelp}</p>
              {/* The key shown above goes along: the background changes nothing if the current key is another. */}
              {state === "changed" && (
                <div class="card" data-option="accept">
                  <p class="small">{IDENTITY_WORDS.change.acceptHelp}</p>
                  <ActionButton action="pin" kind="secondary" label={IDENTITY_WORDS.change.accept} doneMessage={IDENTITY_WORDS.done}
                    run={() => backend.send("identity.pin", { userId, masterKey: identity.masterKey! })} onDone={() => void load()} />
                </div>
              )}
              {state === "violation" && (
                <div class="card" data-option="withdraw">
                  <p class="small">{IDENTITY_WORDS.change.withdrawHelp}</p>
                  <ActionButton action="withdraw" kind="secondary" label={IDENTITY_WORDS.change.withdraw} doneMessage={IDENTITY_WORDS.done}
                    run={() => backend.send("identity.withdraw", { userId, masterKey: identity.masterKey! })} onDone={() => void load()} />
                </div>
              )}
            </>
          )}
        </>
      )}
    </div>
  );
}
