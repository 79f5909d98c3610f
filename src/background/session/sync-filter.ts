/**
 * How the session syncs. The audit reads trust, not conversations, so the lean settings (the
 * default) ask the homeserver for as little as the client can work with:
 *
 * - members lazy-loaded: a room's sync carries only the members of its timeline's senders, so an
 *   unencrypted room of 100,000 costs its summary; the audit loads the full list of an encrypted
 *   room (`getEncryptionTargetMembers` → `/members`) when it audits it, including a room that turns
 *   encryption on, and reloads it after a gap in the timeline (sync-members.ts);
 * - one timeline event per room on the first sync; a few after, enough for in-room verification
 *   events arriving between two polls;
 * - no presence, typing, receipts or per-room account data;
 * - the account data and to-device messages (the crypto's keys, secret storage, `m.direct`) in full.
 *
 * The full settings are what the extension used before: every member of every room, 20 events.
 * They remain for comparison (the account bench, the lean-equals-full test).
 */
import { Filter, type IStartClientOpts } from "matrix-js-sdk";

export type SyncMode = "lean" | "full";

/** Events per room on the first sync (the client needs at least one to place the room in time). */
export const LEAN_INITIAL_TIMELINE = 1;
/** Events per room on later syncs: a verification's few events between two polls fit. */
export const LEAN_TIMELINE = 10;

const NOTHING = { not_types: ["*"] };

/** The sync filter of the lean settings, for this account. */
export function leanSyncFilter(userId: string): Filter {
  const filter = new Filter(userId);
  filter.setDefinition({
    presence: NOTHING,
    room: {
      state: { lazy_load_members: true },
      timeline: { lazy_load_members: true, limit: LEAN_TIMELINE },
      ephemeral: NOTHING,
      account_data: NOTHING,
    },
  });
  return filter;
}

/** `startClient` options of a sync mode (besides the poll timeout). */
export function syncStartOptions(mode: SyncMode, userId: string): IStartClientOpts {
  if (mode === "full") return { lazyLoadMembers: false, initialSyncLimit: 20 };
  return { lazyLoadMembers: true, initialSyncLimit: LEAN_INITIAL_TIMELINE, filter: leanSyncFilter(userId) };
}
