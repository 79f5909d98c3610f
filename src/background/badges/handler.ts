/**
 * The background's answer to `content.badges`. The page a content script runs on is untrusted, so:
 * the sender must be our content script on an enabled Element origin; the room must be one this
 * account is joined to; and the answer holds only the verdicts and finding counts of the asked user
 * IDs that are members of that room. A badge counts as a warning shown, so its findings are marked warned.
 */
import { fail, ok } from "../../protocol/result.ts";
import type { RoomAudit } from "../../core/verdicts.ts";
import type { Handler } from "../context.ts";
import { projectBadges } from "./project.ts";

export interface BadgeAccount {
  /** The room ID for a room ID or alias, when this account is joined to that room; otherwise null. */
  joinedRoomId(ref: string): Promise<string | null>;
  /** The latest audit of a joined room; null before the first audit or for a room not audited. */
  roomAudit(roomId: string): RoomAudit | null;
  /** Notes these findings as shown to the user (first time only). */
  markWarned(findingIds: string[]): Promise<void>;
}

export interface BadgeDeps {
  /** Whether a content script on this page URL runs there because the extension enabled it. */
  isEnabledPage(url: string): Promise<boolean>;
  /** Whether the session waits for its passphrase: every badge then says "locked". */
  isLocked?(): boolean;
  /** The signed-in account, or null when no one is signed in (or its session cannot answer). */
  account(): Promise<BadgeAccount | null>;
  /**
   * Whether an account is signed in whose session is still starting (a background just woken): the
   * content script then keeps what it shows and asks again, rather than removing everything.
   */
  starting?(): Promise<boolean>;
  /** A tab asked about a room: it is told when that room's audit changes. */
  onAsked?(tabId: number, roomId: string): void;
}

export const LOCKED_MESSAGE = "Matrix Trust Auditor is locked. Open it from the toolbar and enter your passphrase.";

export function makeBadgesHandler(deps: BadgeDeps): Handler<"content.badges"> {
  return async ({ room, userIds, devicesOf }, { sender, senderUrl, tabId }) => {
    if (sender !== "content-script" || !senderUrl || !(await deps.isEnabledPage(senderUrl)))
      return fail("forbidden", "Badges are not enabled on this site.");
    if (deps.isLocked?.()) {
      // Told again at unlock (under the ref it asked with: it goes back to the same tab only).
      if (tabId !== undefined) deps.onAsked?.(tabId, room);
      return fail("locked", LOCKED_MESSAGE);
    }
    const account = await deps.account();
    if (!account) {
      if (await deps.starting?.()) return fail("internal", "Matrix Trust Auditor is starting; badges follow in a moment.");
      return fail("not-signed-in", "Sign in to Matrix Trust Auditor to see badges.");
    }
    const roomId = await account.joinedRoomId(room);
    // One answer for "no such room" and "not your room": the page learns nothing about other rooms.
    if (!roomId) return fail("forbidden", "This account is not in that room.");
    if (tabId !== undefined) deps.onAsked?.(tabId, roomId);
    const audit = account.roomAudit(roomId);
    if (!audit) return ok({ roomId, members: [] });
    const { members, shownFindings } = projectBadges(audit, userIds, devicesOf);
    if (shownFindings.length > 0) {
      // The badge is drawn from this answer; a failed write must not cost the user the badge itself.
      await account.markWarned(shownFindings.map((f) => f.id)).catch((error: unknown) =>
        console.warn("[badges] could not note findings as warned", error),
      );
    }
    return ok({ roomId, members });
  };
}
