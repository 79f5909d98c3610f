/** Key ranges shared by the stores whose keys start with the account. */

/** Every key [account, …] of a store keyed by arrays starting with the account. */
export function accountRange(account: string): IDBKeyRange {
  // Arrays sort after strings, so [account, []] is above every [account, "…", …].
  return IDBKeyRange.bound([account], [account, []]);
}

/** Every key [account, user, …]. */
export function accountUserRange(account: string, userId: string): IDBKeyRange {
  return IDBKeyRange.bound([account, userId], [account, userId, []]);
}
