/** Stable finding identifiers: the same problem gets the same id in every audit and after restarts. */
import type { FindingKind } from "./verdicts.ts";

export interface FindingSubject {
  kind: FindingKind;
  roomId: string;
  userId: string;
  deviceId?: string;
  /** The device's ed25519 key, or for identity findings the master key: a new key is a new finding. */
  key?: string;
}

/** JSON of a fixed tuple: unambiguous whatever characters the IDs contain. */
export function findingId(subject: FindingSubject): string {
  return JSON.stringify([subject.kind, subject.roomId, subject.userId, subject.deviceId ?? null, subject.key ?? null]);
}
