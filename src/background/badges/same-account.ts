/**
 * The background's answer to `content.sameAccount`: is the Element tab signed in as this extension's
 * account? Only our content script on an enabled Element origin may ask, and the answer is yes or no:
 * the account's user ID never leaves. Signed out: no. Locked or starting: yes for the account (the
 * badges then say "locked", or come once the session is ready).
 */
import { fail, ok } from "../../protocol/result.ts";
import type { Handler } from "../context.ts";

export interface SameAccountDeps {
  /** Whether a content script on this page URL runs there because the extension enabled it. */
  isEnabledPage(url: string): Promise<boolean>;
  /** The signed-in account's user ID (also while locked or starting: the badges then say so); null when signed out. */
  accountUserId(): Promise<string | null>;
}

export function makeSameAccountHandler(deps: SameAccountDeps): Handler<"content.sameAccount"> {
  return async ({ userId }, { sender, senderUrl }) => {
    if (sender !== "content-script" || !senderUrl || !(await deps.isEnabledPage(senderUrl)))
      return fail("forbidden", "Badges are not enabled on this site.");
    const account = await deps.accountUserId();
    return ok({ same: account !== null && account === userId });
  };
}
