/** The trust-change history of the signed-in account, a page at a time, for the popup's History screen. */
import type { HistoryItem, HistoryQuery } from "../../protocol/messages.ts";
import type { AuditorDB } from "../../store/db.ts";
import { queryHistory } from "../../store/history.ts";
import type { AuditService } from "./service.ts";

export class HistoryReader {
  constructor(
    private readonly db: () => Promise<AuditorDB>,
    private readonly audit: Pick<AuditService, "signedInAccount" | "roomIdOfAlias">,
  ) {}

  /**
   * One page of entries, newest first, filtered by room (ID or #alias) and user. Signed out, or an
   * alias no room answers to: no entries. Throws while the session has not started (an alias cannot
   * be looked up yet) or when the database cannot be read.
   */
  async list(query: HistoryQuery): Promise<{ entries: HistoryItem[]; more: boolean }> {
    const account = await this.audit.signedInAccount();
    if (!account) return { entries: [], more: false };
    const roomId = query.room?.startsWith("#") ? await this.audit.roomIdOfAlias(query.room) : query.room;
    if (roomId === null) return { entries: [], more: false };
    const page = await queryHistory(await this.db(), account, {
      limit: query.limit,
      ...(roomId === undefined ? {} : { roomId }),
      ...(query.user === undefined ? {} : { userId: query.user }),
      ...(query.before === undefined ? {} : { before: query.before }),
    });
    const entries = page.entries.map(({ account: _account, ...item }) => item);
    return { entries, more: page.nextBefore !== null };
  }
}
