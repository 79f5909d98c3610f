/**
 * Where the verification flows write what the user decided: the identity-change record of the
 * person (created if the audit has not recorded the change yet) and the trust-change history.
 */
import type { AuditorDB } from "../../store/db.ts";
import { appendHistory, recordIdentityChange, resolveIdentityChange } from "../../store/index.ts";
import type { VerificationRecords } from "./service.ts";

export function storeVerificationRecords(db: () => Promise<AuditorDB>): VerificationRecords {
  return {
    async identityResolved(account, state, resolution) {
      if (state.masterKey === null) return;
      const store = await db();
      if (resolution !== "re-verified")
        // previousMasterKey null: if the audit saw the change it already holds the earlier key, which is kept.
        await recordIdentityChange(store, account, { userId: state.userId, previousMasterKey: null, newMasterKey: state.masterKey });
      await resolveIdentityChange(store, account, state.userId, state.masterKey, resolution);
    },
    async history(account, change) {
      await appendHistory(await db(), account, [change]);
    },
  };
}
