/** Element's room shield: same three states, drawn here, with its meaning in words for screen readers. */
import type { RoomShield } from "../../core/verdicts.ts";
import { S } from "../strings.ts";

const OUTLINE = "M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3Z";

export function Shield({ shield, encrypted }: { shield: RoomShield; encrypted: boolean }) {
  const state = encrypted ? shield : "none";
  return (
    <svg class={`shield shield-${state}`} viewBox="0 0 24 24" width="20" height="20" role="img" aria-label={S.shield[state]} data-shield={state}>
      <title>{S.shield[state]}</title>
      {state === "none" ? (
        <path d={OUTLINE} fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="3 2" />
      ) : (
        <path d={OUTLINE} fill="currentColor" />
      )}
      {state === "verified" && <path d="m8 12 3 3 5-6" fill="none" stroke="var(--on-strong)" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />}
      {state === "warning" && <path d="M12 7v6m0 3.2v.1" fill="none" stroke="var(--on-strong)" stroke-width="2.4" stroke-linecap="round" />}
    </svg>
  );
}
