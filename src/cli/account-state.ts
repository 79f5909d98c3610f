/**
 * One account's records for one run: the state file (state-dir.ts) loaded into an in-memory
 * IndexedDB, where the extension's own record code (src/store) keeps them; saved back as one file
 * at the end. Why not a record format of the command line's own: the store's rules (first seen
 * kept, a new key is a new finding, acknowledgements, history retention, schema upgrades) then
 * exist once, and the file holds exactly the records the extension keeps.
 */
import "fake-indexeddb/auto";
import type { AuditorDB } from "../store/db.ts";
import { openAuditorDB } from "../store/db.ts";
import { checkDump, dumpDatabase, loadDatabase } from "../store/dump.ts";
import { StorageError } from "../store/errors.ts";
import { AccountStateFile, StateError } from "./state-dir.ts";

const DB_NAME = "matrix-trust-auditor-cli";

export interface AccountState {
  db: AuditorDB;
  file: AccountStateFile;
  /** No state file existed: this run is the baseline. */
  fresh: boolean;
  save(): Promise<void>;
  close(): void;
}

export async function openAccountState(
  dir: string,
  userId: string,
  options: { create: boolean; notice?: (line: string) => void },
): Promise<AccountState> {
  const file = AccountStateFile.lock(dir, userId, options);
  try {
    const text = file.read();
    const db = text === null ? await openAuditorDB(DB_NAME) : await loadState(file, text);
    return {
      db,
      file,
      fresh: text === null,
      async save() {
        file.write(JSON.stringify(await dumpDatabase(db)) + "\n");
      },
      close() {
        db.close();
        file.release();
      },
    };
  } catch (error) {
    file.release();
    throw error;
  }
}

async function loadState(file: AccountStateFile, text: string): Promise<AuditorDB> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw file.unreadable(text.trim() === "" ? "the file is empty" : "it is not valid JSON");
  }
  try {
    return await loadDatabase(DB_NAME, checkDump(parsed));
  } catch (error) {
    if (error instanceof StorageError && error.kind === "version")
      throw new StateError(`The state of ${file.userId} in ${file.path} was written by a newer version of Matrix Trust Auditor. Update it; nothing was changed.`);
    throw file.unreadable(error instanceof Error ? error.message.replace(/^.*\((.*)\)$/, "$1") : String(error));
  }
}

