import { test } from "node:test";
import assert from "node:assert/strict";
import { historyRows } from "../../../src/popup/model/history-rows.ts";
import type { HistoryItem } from "../../../src/protocol/messages.ts";

const joined = (seq: number, userId: string, roomId: string, at: number): HistoryItem => ({ seq, at, kind: "member-joined", roomId, userId, detail: `${userId} was a member when first seen.` });

test("a room's first audit, one entry per member, is one row per room; other entries stay as they are", () => {
  const entries: HistoryItem[] = [
    { seq: 9, at: 300, kind: "device-added", userId: "@a:x", deviceId: "NEW", detail: "New device." },
    joined(8, "@b:x", "!ops:x", 100),
    joined(7, "@c:x", "!ops:x", 100),
    joined(6, "@d:x", "!ops:x", 100),
    joined(5, "@b:x", "!falcon:x", 100),
    joined(4, "@e:x", "!falcon:x", 100),
    joined(3, "@f:x", "!lone:x", 100),
    joined(2, "@g:x", "!ops:x", 50),
  ];
  const rows = historyRows(entries);
  assert.deepEqual(
    rows.map((r) => (r.kind === "entry" ? r.entry.seq : `${r.roomId}:${r.entries.map((e) => e.userId).join(",")}`)),
    [9, "!ops:x:@b:x,@c:x,@d:x", "!falcon:x:@b:x,@e:x", 3, 2],
  );
});
