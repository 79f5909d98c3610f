/**
 * Remembered identities (core's `IdentityMemory`) in the `meta` store, one key per person (see
 * meta-keys.ts). The command line uses them: its crypto starts empty at every run. A value read
 * back is checked; an unreadable one counts as not remembered.
 */
import type { IdentityMemory, RememberedIdentity } from "../../core/identity-memory.ts";
import type { AuditorDB } from "../db.ts";
import { toStorageError } from "../errors.ts";
import { identityMetaKey } from "./meta-keys.ts";

function isRemembered(value: unknown, userId: string): value is RememberedIdentity {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<RememberedIdentity>;
  return v.userId === userId && typeof v.pinnedMasterKey === "string" && typeof v.wasVerified === "boolean" && typeof v.firstSeen === "number";
}

export class StoreIdentityMemory implements IdentityMemory {
  constructor(
    private readonly db: () => Promise<AuditorDB>,
    readonly account: string,
  ) {}

  async recall(userIds: readonly string[]): Promise<Map<string, RememberedIdentity>> {
    try {
      const tx = (await this.db()).transaction("meta", "readonly");
      const values = await Promise.all(userIds.map((u) => tx.store.get(identityMetaKey(this.account, u))));
      await tx.done;
      const out = new Map<string, RememberedIdentity>();
      values.forEach((value, i) => {
        if (isRemembered(value, userIds[i]!)) out.set(userIds[i]!, value);
      });
      return out;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async remember(identities: readonly RememberedIdentity[]): Promise<void> {
    try {
      const tx = (await this.db()).transaction("meta", "readwrite");
      await Promise.all([...identities.map((r) => tx.store.put(r, identityMetaKey(this.account, r.userId))), tx.done]);
    } catch (error) {
      throw toStorageError(error);
    }
  }
}
