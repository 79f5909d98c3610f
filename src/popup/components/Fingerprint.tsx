/** An ed25519 key in groups of four, read out group by group by screen readers. */
import { fingerprintGroups } from "../model/fingerprint.ts";
import { S } from "../strings.ts";

export function Fingerprint({ ed25519 }: { ed25519: string | null }) {
  if (!ed25519) return <span class="muted">{S.device.noKeys}</span>;
  const groups = fingerprintGroups(ed25519);
  return (
    <code class="fingerprint" data-fingerprint={ed25519} aria-label={groups.join(" ")}>
      {groups.map((group, i) => <span key={i} class="fp-group">{group}</span>)}
    </code>
  );
}
