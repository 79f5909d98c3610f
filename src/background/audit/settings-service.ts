/** The settings the popup changes, stored (settings.ts) and applied: policy to the crypto, origins to the badges, retention to the log. */
import type { Settings } from "../../protocol/messages.ts";
import { applyIsolationPolicy } from "../../core/verification/isolation.ts";
import type { AuditorDB } from "../../store/db.ts";
import { pruneHistory } from "../../store/history.ts";
import type { AuditService } from "./service.ts";
import { readSettings, writeSettings } from "./settings.ts";

export interface SettingsServiceOptions {
  db: () => Promise<AuditorDB>;
  audit: Pick<AuditService, "signedInAccount" | "client">;
  /** Badges follow the extra Element origins: register the new ones, unregister the removed ones. */
  applyElementOrigins?: (next: readonly string[], previous: readonly string[]) => Promise<void>;
  /** After the settings changed (the alerts take their new scope from here). */
  onSettingsChanged?: (settings: Settings) => void;
  now?: () => number;
}

export class SettingsService {
  constructor(private readonly options: SettingsServiceOptions) {}

  /** The settings as stored (defaults for what was never set). Throws when the database cannot be read. */
  async get(): Promise<Settings> {
    return readSettings(await this.options.db());
  }

  /**
   * Stores the given settings and applies them; answers all settings as they now are. Throws (and
   * stores nothing) when the badges cannot follow new Element origins or the database refuses.
   */
  async change(change: Partial<Settings>): Promise<Settings> {
    const db = await this.options.db();
    const before = await readSettings(db);
    // Origins compared as origins: "https://x.org/" and "https://x.org" are one.
    const origins = change.elementOrigins && [...new Set(change.elementOrigins.map((o) => new URL(o).origin))];
    if (origins && this.options.applyElementOrigins) await this.options.applyElementOrigins(origins, before.elementOrigins);
    const after = await writeSettings(db, origins ? { ...change, elementOrigins: origins } : change);
    const crypto = this.options.audit.client()?.getCrypto();
    if (change.isolationPolicy && crypto) applyIsolationPolicy(crypto, after.isolationPolicy);
    const account = await this.options.audit.signedInAccount();
    if (change.historyRetentionDays !== undefined && account) await pruneHistory(db, account, (this.options.now ?? Date.now)());
    this.options.onSettingsChanged?.(after);
    return after;
  }
}
