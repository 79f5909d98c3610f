/** A verdict or severity as a small coloured tag with words (colour is never the only signal). */
import type { DeviceVerdict, Severity, UserVerdict } from "../../core/verdicts.ts";
import { S } from "../strings.ts";

const USER_TONE: Record<UserVerdict, string> = {
  me: "neutral",
  verified: "good",
  "verification-violation": "critical",
  "identity-changed": "warning",
  unverified: "neutral",
  "no-cross-signing": "notice",
};

const DEVICE_TONE: Record<DeviceVerdict, string> = {
  verified: "good",
  "locally-verified": "good",
  "cross-signed": "neutral",
  unsigned: "warning",
  "no-cross-signing": "notice",
  "no-encryption": "neutral",
};

export function UserVerdictTag({ verdict }: { verdict: UserVerdict }) {
  return <span class={`tag tone-${USER_TONE[verdict]}`} data-user-verdict={verdict}>{S.userVerdict[verdict]}</span>;
}

export function DeviceVerdictTag({ verdict }: { verdict: DeviceVerdict }) {
  return <span class={`tag tone-${DEVICE_TONE[verdict]}`} data-device-verdict={verdict}>{S.deviceVerdict[verdict]}</span>;
}

export function SeverityTag({ severity }: { severity: Severity }) {
  return <span class={`tag tone-${severity}`} data-severity={severity}>{S.severity[severity]}</span>;
}
