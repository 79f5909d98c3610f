// Builds /sync responses from the stream: per-room timelines and state, invites, leaves, to-device
// messages, device-list changes, one-time-key counts and account data, all relative to `since`.
import { oneTimeKeyCounts, unusedFallbackKeyTypes } from "./keys/device-keys.ts";
import { membersWith, membershipOf, roomsWithMembership, strippedState, usersSharingRoomWith } from "./rooms.ts";
import { lazyMembersOf, timelineLimitOf, typeAllowed, type SyncFilter } from "./filter.ts";
import type { JsonObject, ServerState, StoredDevice, StoredEvent, StoredRoom, StoredUser } from "./state.ts";

export interface SyncOptions {
  since?: number;
  /** The request's filter (inline or stored); `{}` when none was given. */
  filter: SyncFilter;
  /** `full_state=true`: every room the user is in, with its whole state, even when nothing changed since `since`. */
  fullState?: boolean;
}

/** An event as a client sees it in /sync (no room_id; its own transaction ID echoed to its sender). */
export function clientEvent(stored: StoredEvent, device: StoredDevice | undefined, now: number, withRoomId: boolean): JsonObject {
  const { room_id, unsigned, ...rest } = stored.event;
  const out: JsonObject = { ...rest, unsigned: { ...(unsigned as JsonObject | undefined), age: Math.max(0, now - Number(stored.event.origin_server_ts)) } };
  if (withRoomId) out.room_id = room_id;
  if (device && stored.txn?.deviceId === device.deviceId) (out.unsigned as JsonObject).transaction_id = stored.txn.txnId;
  return out;
}

/** State at the start of the timeline, limited to changes after `since` (all state on a full sync). */
function stateBefore(room: StoredRoom, since: number, timelineStart: number): StoredEvent[] {
  const latest = new Map<string, StoredEvent>();
  for (const stored of room.events) {
    if (stored.pos > since && stored.pos < timelineStart && stored.event.state_key !== undefined) latest.set(`${stored.event.type}\u0000${stored.event.state_key}`, stored);
  }
  return [...latest.values()];
}

function lastJoinPos(room: StoredRoom, userId: string): number {
  for (let i = room.events.length - 1; i >= 0; i--) {
    const { event } = room.events[i]!;
    if (event.type === "m.room.member" && event.state_key === userId && event.content.membership === "join") return room.events[i]!.pos;
  }
  return 0;
}

function accountDataSince(entries: Map<string, { pos: number; content: JsonObject }> | undefined, since: number, filter: SyncFilter["account_data"]): JsonObject[] {
  return [...(entries ?? new Map()).entries()]
    .filter(([type, entry]) => entry.pos > since && typeAllowed(filter, type))
    .map(([type, entry]) => ({ type, content: entry.content }));
}

/** Each member's membership event as of just before `before`. */
function membersBefore(room: StoredRoom, before: number): Map<string, StoredEvent> {
  const members = new Map<string, StoredEvent>();
  for (const stored of room.events) {
    if (stored.pos >= before) break;
    if (stored.event.type === "m.room.member" && stored.event.state_key !== undefined) members.set(stored.event.state_key, stored);
  }
  return members;
}

/**
 * The state section under lazy-loading (spec: "Lazy-loading room members"): state other than
 * membership as usual; membership only of the timeline's senders, the syncing user and the heroes,
 * as of the timeline's start, and only if this device was not sent that event already (unless
 * `include_redundant_members`).
 */
function lazyState(room: StoredRoom, changed: StoredEvent[], timeline: StoredEvent[], wanted: Set<string>, device: StoredDevice, redundant: boolean, timelineStart: number): StoredEvent[] {
  const sent = sentMembers(device, room.roomId);
  const out = changed.filter((stored) => stored.event.type !== "m.room.member");
  const before = membersBefore(room, timelineStart);
  for (const userId of wanted) {
    const member = before.get(userId);
    if (!member) continue;
    if (!redundant && sent.get(userId) === member.event.event_id) continue;
    out.push(member);
  }
  for (const stored of [...out, ...timeline])
    if (stored.event.type === "m.room.member" && stored.event.state_key !== undefined) sent.set(stored.event.state_key, String(stored.event.event_id));
  return out;
}

/** Membership events this device was sent, per room (for lazy-loading's "already sent" rule). */
function sentMembers(device: StoredDevice, roomId: string): Map<string, string> {
  device.lazyMembersSent ??= new Map();
  let sent = device.lazyMembersSent.get(roomId);
  if (!sent) device.lazyMembersSent.set(roomId, (sent = new Map()));
  return sent;
}

function joinedRoom(room: StoredRoom, user: StoredUser, device: StoredDevice, options: SyncOptions, now: number): JsonObject | undefined {
  const fresh = options.since === undefined || lastJoinPos(room, user.userId) > options.since;
  const since = fresh ? 0 : options.since!;
  const roomFilter = options.filter.room;
  const newEvents = room.events.filter((stored) => stored.pos > since);
  const accountData = accountDataSince(user.roomAccountData.get(room.roomId), since, roomFilter?.account_data);
  if (!fresh && !options.fullState && newEvents.length === 0 && accountData.length === 0) return undefined;
  // The limit counts the events the timeline filter lets through.
  const candidates = newEvents.filter((stored) => typeAllowed(roomFilter?.timeline, stored.event.type));
  const timeline = candidates.slice(-timelineLimitOf(options.filter));
  const timelineStart = timeline[0]?.pos ?? Number.MAX_SAFE_INTEGER;
  const joined = membersWith(room, "join");
  const heroes = joined.filter((member) => member !== user.userId).slice(0, 5);
  // The timeline stays limited by `since`; full_state only widens the state before it.
  const changed = stateBefore(room, options.fullState ? 0 : since, timelineStart).filter((stored) => typeAllowed(roomFilter?.state, stored.event.type));
  const { lazy, redundant } = lazyMembersOf(options.filter);
  const state = lazy
    ? lazyState(room, changed, timeline, new Set([user.userId, ...heroes, ...timeline.map((stored) => String(stored.event.sender))]), device, redundant, timelineStart)
    : changed;
  return {
    state: { events: state.map((stored) => clientEvent(stored, device, now, false)) },
    timeline: {
      events: timeline.map((stored) => clientEvent(stored, device, now, false)),
      limited: timeline.length < candidates.length,
      prev_batch: `s${Math.max(0, timelineStart === Number.MAX_SAFE_INTEGER ? since : timelineStart - 1)}`,
    },
    ephemeral: { events: [] },
    account_data: { events: accountData },
    summary: { "m.heroes": heroes, "m.joined_member_count": joined.length, "m.invited_member_count": membersWith(room, "invite").length },
    unread_notifications: { highlight_count: 0, notification_count: 0 },
  };
}

function leftRoom(room: StoredRoom, user: StoredUser, device: StoredDevice, since: number, now: number): JsonObject | undefined {
  const events = room.events.filter((stored) => stored.pos > since);
  const leave = [...events].reverse().find((stored) => stored.event.type === "m.room.member" && stored.event.state_key === user.userId);
  if (!leave) return undefined;
  const upToLeave = events.filter((stored) => stored.pos <= leave.pos);
  return {
    state: { events: [] },
    timeline: { events: upToLeave.map((stored) => clientEvent(stored, device, now, false)), limited: false, prev_batch: `s${since}` },
    account_data: { events: [] },
  };
}

function deviceLists(state: ServerState, user: StoredUser, since: number): { changed: string[]; left: string[] } {
  const sharing = usersSharingRoomWith(state, user.userId);
  const changed = new Set<string>();
  for (const change of state.keyChanges) {
    if (change.pos <= since || !sharing.has(change.userId)) continue;
    if (change.audience === undefined || change.audience === user.userId) changed.add(change.userId);
  }
  const left = new Set<string>();
  for (const change of state.leftChanges) if (change.pos > since && change.viewer === user.userId && !sharing.has(change.userId)) left.add(change.userId);
  return { changed: [...changed], left: [...left] };
}

export function buildSync(state: ServerState, user: StoredUser, device: StoredDevice, options: SyncOptions): { body: JsonObject; hasNews: boolean } {
  const now = Date.now();
  const since = options.since ?? 0;
  // A sync from scratch (or of the full state) starts lazy-loading's record of what was sent afresh.
  if (options.since === undefined || options.fullState) device.lazyMembersSent = new Map();
  // The client has acknowledged everything up to `since`, so those to-device messages are done with.
  if (options.since !== undefined) device.toDevice = device.toDevice.filter((entry) => entry.pos > since);
  const join: JsonObject = {};
  for (const room of roomsWithMembership(state, user.userId, "join")) {
    const entry = joinedRoom(room, user, device, options, now);
    if (entry) join[room.roomId] = entry;
  }
  const invite: JsonObject = {};
  for (const room of roomsWithMembership(state, user.userId, "invite")) {
    const member = room.events.findLast((stored) => stored.event.type === "m.room.member" && stored.event.state_key === user.userId);
    if (member && (member.pos > since || options.fullState)) invite[room.roomId] = { invite_state: { events: strippedState(room, user.userId) } };
  }
  const leave: JsonObject = {};
  if (options.since !== undefined) {
    for (const room of state.rooms.values()) {
      const membership = membershipOf(room, user.userId);
      if (membership !== "leave" && membership !== "ban") continue;
      const entry = leftRoom(room, user, device, since, now);
      if (entry) leave[room.roomId] = entry;
    }
  }
  const toDevice = device.toDevice.filter((entry) => entry.pos > since);
  const lists = options.since === undefined ? { changed: [], left: [] } : deviceLists(state, user, since);
  const accountData = accountDataSince(user.accountData, since, options.filter.account_data);
  const body: JsonObject = {
    next_batch: `s${state.pos}`,
    rooms: { join, invite, leave, knock: {} },
    to_device: { events: toDevice.map((entry) => entry.event) },
    device_lists: lists,
    device_one_time_keys_count: oneTimeKeyCounts(device),
    device_unused_fallback_key_types: unusedFallbackKeyTypes(device),
    account_data: { events: accountData },
    presence: { events: [] },
  };
  const hasNews =
    Object.keys(join).length + Object.keys(invite).length + Object.keys(leave).length + toDevice.length + lists.changed.length + lists.left.length + accountData.length > 0;
  return { body, hasNews };
}
