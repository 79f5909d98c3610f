/**
 * The history as shown: entries as stored, except that members entered together in one room at one
 * moment (above all a room's first audit, "was a member when first seen") are one row for the room.
 * The store keeps one entry per member, so filtering by person still finds each.
 */
import type { HistoryItem } from "../../protocol/messages.ts";

export type HistoryRow =
  | { kind: "entry"; entry: HistoryItem }
  | { kind: "members"; key: number; roomId: string; at: number; entries: HistoryItem[] };

export function historyRows(entries: readonly HistoryItem[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const entry of entries) {
    const last = rows.at(-1);
    const joinable = entry.kind === "member-joined" && entry.roomId !== undefined;
    if (joinable && last?.kind === "members" && last.roomId === entry.roomId && last.at === entry.at) {
      last.entries.push(entry);
      continue;
    }
    if (joinable && last?.kind === "entry" && last.entry.kind === "member-joined" && last.entry.roomId === entry.roomId && last.entry.at === entry.at) {
      rows[rows.length - 1] = { kind: "members", key: last.entry.seq, roomId: entry.roomId!, at: entry.at, entries: [last.entry, entry] };
      continue;
    }
    rows.push({ kind: "entry", entry });
  }
  return rows;
}
