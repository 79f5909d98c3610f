/**
 * Puts the badges into the background: the `content.badges` handler over the session's client, the
 * audit's latest report and the records, and the push to tabs when a room's audit changes.
 *
 * The background's services call this once at start-up:
 *   const badges = wireBadges({ client: () => session.client(), report: () => auditor?.report ?? null, markWarned });
 *   handlers["content.badges"] = badges.handler;   // the table entry
 *   auditor.on("update", (u) => badges.roomsChanged(u.recomputedRooms));
 */
import type { MatrixClient } from "matrix-js-sdk";
import type { AuditReport } from "../../core/verdicts.ts";
import type { SessionStatus } from "../../protocol/messages.ts";
import type { Handler } from "../context.ts";
import { isEnabledPage } from "../origins.ts";
import { badgeAccount } from "./account.ts";
import { makeBadgesHandler, type BadgeAccount } from "./handler.ts";
import { makeSameAccountHandler } from "./same-account.ts";
import { BadgeSubscribers } from "./subscribers.ts";

export interface BadgeServices {
  /** The session's one client once its crypto is ready; undefined when signed out or still starting. */
  client(): MatrixClient | undefined;
  /** Whether the session waits for its passphrase. */
  isLocked?(): boolean;
  /** The audit's latest report, or null before the first audit. */
  report(): AuditReport | null;
  /** Notes findings as shown to the user (the store's markWarned for the signed-in account). */
  markWarned(findingIds: string[]): Promise<void>;
  /** Whether someone is signed in (their client may still be starting). */
  signedIn?(): Promise<boolean>;
  /** The session's status: who is signed in (also while locked or starting). */
  status?(): Promise<SessionStatus>;
}

export interface WiredBadges {
  handler: Handler<"content.badges">;
  /** Whether an Element tab is signed in as the account (the content script's gate). */
  sameAccount: Handler<"content.sameAccount">;
  /** The signed-in account as the page-facing handlers see it (joined rooms, audits), or null. */
  account(): Promise<BadgeAccount | null>;
  /** A tab asked about a room: it is told when that room's audit changes. */
  asked(tabId: number, roomId: string): void;
  /** Tells the tabs showing these rooms to ask again (call on every audit update). */
  roomsChanged(roomIds: Iterable<string>): void;
  /** Tells every tab showing badges to ask again (the session was locked or unlocked). */
  allChanged(): void;
}

export function wireBadges(services: BadgeServices): WiredBadges {
  const subscribers = new BadgeSubscribers();
  // One adapter per client: a new sign-in gets a fresh alias cache.
  let adapted: { client: MatrixClient; account: ReturnType<typeof badgeAccount> } | null = null;
  const account = async (): Promise<BadgeAccount | null> => {
    const client = services.client();
    if (!client) return null;
    if (adapted?.client !== client)
      adapted = { client, account: badgeAccount({ client, report: services.report, markWarned: services.markWarned }) };
    return adapted.account;
  };
  const asked = (tabId: number, roomId: string): void => subscribers.asked(tabId, roomId);
  const handler = makeBadgesHandler({
    isEnabledPage,
    isLocked: () => services.isLocked?.() ?? false,
    account,
    onAsked: asked,
    starting: async () => !services.client() && ((await services.signedIn?.()) ?? false),
  });
  const sameAccount = makeSameAccountHandler({ isEnabledPage, accountUserId: async () => {
    const status = await services.status?.();
    return status?.signedIn ? (status.userId ?? null) : (services.client()?.getUserId() ?? null);
  } });
  return {
    handler,
    sameAccount,
    account,
    asked,
    roomsChanged: (roomIds) => subscribers.roomsChanged(roomIds),
    allChanged: () => subscribers.allChanged(),
  };
}
