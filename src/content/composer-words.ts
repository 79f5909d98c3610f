/**
 * The composer banner's words. Each row names whose device and which, leading with the person; the
 * names are other people's choices and only ever become text nodes.
 */
import type { ComposerDevice } from "../core/composer-warning.ts";
import { problemTitle } from "../core/words.ts";

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** "Alice (@alice:example.org)", or the user ID alone when there is no other name. */
export function personOf(row: Pick<ComposerDevice, "userId" | "displayName">): string {
  return row.displayName && row.displayName !== row.userId ? `${row.displayName} (${row.userId})` : row.userId;
}

/** "“Alice's phone” (ABCDEFGH)", or the device ID alone. */
export function deviceOf(row: Pick<ComposerDevice, "deviceId" | "deviceName">): string {
  return row.deviceName ? `\u201c${row.deviceName}\u201d (${row.deviceId})` : row.deviceId;
}

/** The row: the problem in the product's words, leading with the person, then which device. */
export function rowWords(row: ComposerDevice): { who: string; text: string } {
  const who = personOf(row);
  return { who, text: `${problemTitle({ subject: "device", kinds: row.kinds }, who)}: ${deviceOf(row)}` };
}

/** What the user can do about it, in the inline details. */
export function rowAdvice(row: ComposerDevice): string {
  switch (row.kind) {
    case "unsigned-device-of-verified-user":
      return "It can read what you send here. Ask them whether it is theirs; until then, treat the room as not private.";
    case "own-unverified-device":
      return "If you do not recognise it, sign it out or reset your digital identity; do not verify it.";
    default:
      return "It can read what you send here. Verify the person in the auditor (its toolbar icon) if you need to be sure.";
  }
}

export const COMPOSER_WORDS = {
  /** The banner's region name for assistive technology. */
  regionLabel: "Matrix Trust Auditor: devices in this room",
  /** `critical` of the `count` rows are devices of people the user verified that they did not sign. */
  title: (count: number, critical: number) => {
    if (critical === 0) return `Before you send: ${plural(count, "device", "devices")} in this room you were not told about`;
    if (critical === count)
      return count === 1
        ? "Before you send: a person you verified has a device in this room that they did not sign"
        : `Before you send: ${count} devices in this room are not signed by the people you verified`;
    return `Before you send: ${count} devices in this room you were not told about, ${critical} not signed by a person you verified`;
  },
  showAll: (hidden: number) => `Show all (${hidden} more)`,
  showFewer: "Show fewer",
  showDetails: "Show details",
  hideDetails: "Hide details",
  seen: "I've seen this",
  seenFailed: "Could not note that you have seen this. Try again, or open the auditor.",
  /** Identity changes beyond the one Element's own banner shows. */
  moreIdentities: (count: number, elementShowsOne: boolean) =>
    elementShowsOne
      ? `And ${plural(count, "more person's", "more people's")} digital identity changed: open the auditor (its toolbar icon) to review.`
      : `${count === 1 ? "1 person's digital identity" : `${count} people's digital identities`} changed: open the auditor (its toolbar icon) to review.`,
  holdQuestion: "Send anyway? A person you verified has a device they did not sign, and it can read this message.",
  sendAnyway: "Send anyway",
  cancel: "Cancel",
  device: "Device",
  deviceId: "Device ID",
} as const;
