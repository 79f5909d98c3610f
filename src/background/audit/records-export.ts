/** Every record of the signed-in account as one JSON document, for the popup's export. Reads only: works while writes fail. */
import type { RecordsExport } from "../../protocol/messages.ts";
import { exportAccount } from "../../store/account.ts";
import type { AuditorDB } from "../../store/db.ts";
import type { AuditService } from "./service.ts";

export class RecordsExporter {
  constructor(
    private readonly db: () => Promise<AuditorDB>,
    private readonly audit: Pick<AuditService, "signedInAccount">,
    private readonly now: () => number = Date.now,
  ) {}

  /** The records as the store exports them; null when no one is signed in. Throws when the database cannot be read. */
  async export(): Promise<RecordsExport | null> {
    const account = await this.audit.signedInAccount();
    if (!account) return null;
    const records = await exportAccount(await this.db(), account, this.now());
    return { exportedAt: records.exportedAt, json: JSON.stringify(records, null, 2) };
  }
}
