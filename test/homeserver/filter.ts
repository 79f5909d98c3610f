// Sync filters as the spec defines them (definitions/sync_filter.yaml, room_event_filter.yaml,
// event_filter.yaml): event types in and out (with `*` wildcards), the timeline's limit, and
// lazy-loading of members (`lazy_load_members`, `include_redundant_members`) as "Lazy-loading room
// members" describes. Not applied: `rooms`/`not_rooms`, `senders`, `contains_url`, `event_fields`.
import type { JsonObject } from "./state.ts";

export interface EventFilter {
  types?: string[];
  not_types?: string[];
}

export interface RoomEventFilter extends EventFilter {
  limit?: number;
  lazy_load_members?: boolean;
  include_redundant_members?: boolean;
}

export interface SyncFilter {
  account_data?: EventFilter;
  presence?: EventFilter;
  room?: {
    state?: RoomEventFilter;
    timeline?: RoomEventFilter;
    ephemeral?: RoomEventFilter;
    account_data?: RoomEventFilter;
  };
}

const DEFAULT_TIMELINE_LIMIT = 20;

/** Whether a type matches a pattern: exact, or a `*` standing for any run of characters. */
function matches(pattern: string, type: string): boolean {
  if (!pattern.includes("*")) return pattern === type;
  const regex = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return regex.test(type);
}

/** An event type passes a filter when `types` (if given) lists it and `not_types` does not. */
export function typeAllowed(filter: EventFilter | undefined, type: string): boolean {
  if (!filter) return true;
  if (filter.not_types?.some((p) => matches(p, type))) return false;
  return filter.types === undefined || filter.types.some((p) => matches(p, type));
}

export function timelineLimitOf(filter: SyncFilter): number {
  const limit = filter.room?.timeline?.limit;
  return typeof limit === "number" && limit > 0 ? limit : DEFAULT_TIMELINE_LIMIT;
}

/** Lazy-loading applies when the state filter asks for it (the spec's switch; the timeline's copy is accepted too). */
export function lazyMembersOf(filter: SyncFilter): { lazy: boolean; redundant: boolean } {
  const state = filter.room?.state;
  const timeline = filter.room?.timeline;
  const lazy = state?.lazy_load_members === true || timeline?.lazy_load_members === true;
  const redundant = state?.include_redundant_members === true || timeline?.include_redundant_members === true;
  return { lazy, redundant: lazy && redundant };
}

/** A filter as given: nothing is dropped, so what the client sent is what applies. */
export function asSyncFilter(value: JsonObject | undefined): SyncFilter {
  return (value ?? {}) as SyncFilter;
}
