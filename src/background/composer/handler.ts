/**
 * The background's answers to the composer banner (`content.composer`, `content.composerSeen`). The
 * page is untrusted, as for the badges: the sender must be our content script on an enabled Element
 * origin, the room one this account is joined to, and the answer only the banner's rows for that
 * room. "I've seen this" changes only the rows the banner shows now (see core/composer-warning.ts).
 */
import { composerWarning, seenAtComposer } from "../../core/composer-warning.ts";
import type { RoomAudit } from "../../core/verdicts.ts";
import { fail, ok, type Result } from "../../protocol/result.ts";
import type { Handler, HandlerContext } from "../context.ts";

export interface ComposerAccount {
  /** The room ID for a room ID or alias this account is joined to; otherwise null (as for badges). */
  joinedRoomId(ref: string): Promise<string | null>;
  /** The latest audit of a joined room; null before the first audit. */
  roomAudit(roomId: string): RoomAudit | null;
  /** The ids of this room's open findings the user was already warned about (`firstWarned`). */
  warnedIn(roomId: string): Promise<ReadonlySet<string>>;
  markWarned(findingIds: string[]): Promise<void>;
  acknowledge(findingIds: string[]): Promise<number>;
  /** The "ask before sending" setting. */
  holdSendingOnCritical(): Promise<boolean>;
}

export interface ComposerDeps {
  isEnabledPage(url: string): Promise<boolean>;
  /** The signed-in account, or null when no one is signed in. */
  account(): Promise<ComposerAccount | null>;
  /** A tab asked about a room: it is told when that room's audit changes. */
  onAsked?(tabId: number, roomId: string): void;
  /** Tells every tab showing the room to ask again (another tab's banner clears too). */
  roomsChanged(roomIds: string[]): void;
}

type Checked = { account: ComposerAccount; roomId: string };

/** The checks both messages share; one answer for "no such room" and "not your room". */
async function check(deps: ComposerDeps, room: string, { sender, senderUrl, tabId }: HandlerContext): Promise<Result<Checked>> {
  if (sender !== "content-script" || !senderUrl || !(await deps.isEnabledPage(senderUrl)))
    return fail("forbidden", "The auditor is not enabled on this site.");
  const account = await deps.account();
  if (!account) return fail("not-signed-in", "Sign in to Matrix Trust Auditor to see its warnings.");
  const roomId = await account.joinedRoomId(room);
  if (!roomId) return fail("forbidden", "This account is not in that room.");
  if (tabId !== undefined) deps.onAsked?.(tabId, roomId);
  return ok({ account, roomId });
}

export function makeComposerHandlers(deps: ComposerDeps): {
  "content.composer": Handler<"content.composer">;
  "content.composerSeen": Handler<"content.composerSeen">;
} {
  const factsOf = async ({ account, roomId }: Checked) => {
    const audit = account.roomAudit(roomId);
    if (!audit) return { devices: [], identityChanges: 0 };
    const warned = await account.warnedIn(roomId);
    return composerWarning(audit, (id) => warned.has(id));
  };
  return {
    "content.composer": async ({ room }, context) => {
      const checked = await check(deps, room, context);
      if (!checked.ok) return checked;
      const facts = await factsOf(checked.value);
      const holdOnCritical = await checked.value.account.holdSendingOnCritical();
      return ok({ roomId: checked.value.roomId, holdOnCritical, ...facts });
    },
    "content.composerSeen": async ({ room, findingIds }, context) => {
      const checked = await check(deps, room, context);
      if (!checked.ok) return checked;
      const { warn, acknowledge } = seenAtComposer(await factsOf(checked.value), findingIds);
      const { account, roomId } = checked.value;
      if (warn.length > 0) await account.markWarned(warn);
      const acknowledged = acknowledge.length > 0 ? await account.acknowledge(acknowledge) : 0;
      // An acknowledgement reaches every tab through the audit's update; a warning alone does not.
      if (warn.length > 0) deps.roomsChanged([roomId]);
      return ok({ warned: warn.length, acknowledged });
    },
  };
}
