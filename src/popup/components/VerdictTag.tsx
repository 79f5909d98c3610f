/** A verdict or severity as a small coloured tag with words (colour is never the only signal). */
import type { DeviceVerdict, Severity, UserVerdict } from "../../core/verdicts.ts";
import { DEVICE_VERDICT_TONE, USER_VERDICT_TONE } from "../../core/words.ts";
import { S } from "../strings.ts";

export function UserVerdictTag({ verdict }: { verdict: UserVerdict }) {
  return <span class={`tag tone-${USER_VERDICT_TONE[verdict]}`} data-user-verdict={verdict}>{S.userVerdict[verdict]}</span>;
}

export function DeviceVerdictTag({ verdict }: { verdict: DeviceVerdict }) {
  return <span class={`tag tone-${DEVICE_VERDICT_TONE[verdict]}`} data-device-verdict={verdict}>{S.deviceVerdict[verdict]}</span>;
}

export function SeverityTag({ severity }: { severity: Severity }) {
  return <span class={`tag tone-${severity}`} data-severity={severity}>{S.severity[severity]}</span>;
}
