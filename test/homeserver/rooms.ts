// Room events and membership: appending events, current state, who shares a room with whom.
import { createHash } from "node:crypto";
import { forbidden, notFound } from "./errors.ts";
import { nextId, nextPos, recordKeyChange, type JsonObject, type ServerState, type StoredEvent, type StoredRoom } from "./state.ts";

export const ROOM_VERSION = "10";

const stateKeyOf = (type: string, stateKey: string) => `${type}\u0000${stateKey}`;

export function getRoom(state: ServerState, roomId: string): StoredRoom {
  const room = state.rooms.get(roomId);
  if (!room) throw notFound(`Unknown room ${roomId}`);
  return room;
}

export function currentState(room: StoredRoom, type: string, stateKey: string): StoredEvent | undefined {
  return room.state.get(stateKeyOf(type, stateKey));
}

export function membershipOf(room: StoredRoom, userId: string): string | undefined {
  const content = currentState(room, "m.room.member", userId)?.event.content;
  return typeof content?.membership === "string" ? content.membership : undefined;
}

export function membersWith(room: StoredRoom, membership: string): string[] {
  const users: string[] = [];
  for (const stored of room.state.values()) {
    if (stored.event.type === "m.room.member" && stored.event.content.membership === membership) users.push(stored.event.state_key!);
  }
  return users;
}

export function roomsWithMembership(state: ServerState, userId: string, membership: string): StoredRoom[] {
  return [...state.rooms.values()].filter((room) => membershipOf(room, userId) === membership);
}

/** Everyone who is joined to at least one room that `userId` is joined to (including themself). */
export function usersSharingRoomWith(state: ServerState, userId: string): Set<string> {
  const users = new Set<string>([userId]);
  for (const room of roomsWithMembership(state, userId, "join")) for (const member of membersWith(room, "join")) users.add(member);
  return users;
}

export function requireJoined(room: StoredRoom, userId: string): void {
  if (membershipOf(room, userId) !== "join") throw forbidden(`${userId} is not joined to ${room.roomId}`);
}

export function newRoom(state: ServerState, roomId?: string): StoredRoom {
  const id = roomId ?? `!${nextId(state, "room")}:${state.serverName}`;
  if (state.rooms.has(id)) throw new Error(`room ${id} already exists`);
  const room: StoredRoom = { roomId: id, events: [], state: new Map() };
  state.rooms.set(id, room);
  return room;
}

export interface NewEvent {
  type: string;
  sender: string;
  content: JsonObject;
  state_key?: string;
}

/** Appends an event to a room (no authorisation here: callers check), updating state and key-change feeds. */
export function appendEvent(state: ServerState, room: StoredRoom, input: NewEvent, txn?: { deviceId: string; txnId: string }, originServerTs = Date.now()): StoredEvent {
  const sharingBefore = input.type === "m.room.member" && !state.seeding ? usersSharingRoomWith(state, input.state_key!) : undefined;
  const pos = nextPos(state);
  const eventId = `$${createHash("sha256").update(`${room.roomId}|${pos}|${state.counter++}`).digest("base64url").slice(0, 43)}`;
  const event: StoredEvent["event"] = { event_id: eventId, type: input.type, sender: input.sender, content: input.content, origin_server_ts: originServerTs, room_id: room.roomId };
  if (input.state_key !== undefined) {
    event.state_key = input.state_key;
    const previous = currentState(room, input.type, input.state_key);
    if (previous) event.unsigned = { replaces_state: previous.event.event_id, prev_content: previous.event.content };
  }
  const stored: StoredEvent = { pos, event };
  if (txn) stored.txn = txn;
  room.events.push(stored);
  if (input.state_key !== undefined) room.state.set(stateKeyOf(input.type, input.state_key), stored);
  if (sharingBefore) trackMembershipChange(state, room, input.state_key!, String(input.content.membership), sharingBefore);
  return stored;
}

/** Device-list bookkeeping the spec asks of a server when people start or stop sharing rooms. */
function trackMembershipChange(state: ServerState, room: StoredRoom, userId: string, membership: string, sharingBefore: Set<string>): void {
  if (membership === "join") {
    recordKeyChange(state, userId);
    for (const member of membersWith(room, "join")) if (!sharingBefore.has(member)) recordKeyChange(state, member, userId);
    return;
  }
  const sharingAfter = usersSharingRoomWith(state, userId);
  for (const other of sharingBefore) {
    if (other === userId || sharingAfter.has(other)) continue;
    state.leftChanges.push({ pos: nextPos(state), viewer: other, userId });
    state.leftChanges.push({ pos: nextPos(state), viewer: userId, userId: other });
  }
}

export interface CreateRoomOptions {
  creator: string;
  roomId?: string;
  name?: string;
  topic?: string;
  encrypted?: boolean;
  isDirect?: boolean;
  preset?: "private_chat" | "public_chat" | "trusted_private_chat";
  invite?: string[];
  initialState?: NewEvent[];
  alias?: string;
}

/** Creates a room the way the spec's /createRoom describes (create, creator join, power levels, presets, initial state, name, topic, invites). */
export function createRoom(state: ServerState, options: CreateRoomOptions): StoredRoom {
  const room = newRoom(state, options.roomId);
  const creator = options.creator;
  const preset = options.preset ?? (options.isDirect ? "trusted_private_chat" : "private_chat");
  const add = (type: string, content: JsonObject, stateKey = "") => appendEvent(state, room, { type, sender: creator, content, state_key: stateKey });
  add("m.room.create", { room_version: ROOM_VERSION, creator });
  add("m.room.member", { membership: "join", ...displayNameContent(state, creator) }, creator);
  const users: Record<string, number> = { [creator]: 100 };
  if (preset === "trusted_private_chat") for (const invitee of options.invite ?? []) users[invitee] = 100;
  add("m.room.power_levels", {
    users,
    users_default: 0,
    events: { "m.room.name": 50, "m.room.power_levels": 100, "m.room.history_visibility": 100, "m.room.encryption": 100 },
    events_default: 0,
    state_default: 50,
    ban: 50,
    kick: 50,
    redact: 50,
    invite: 0,
  });
  if (options.alias) {
    state.aliases.set(options.alias, room.roomId);
    add("m.room.canonical_alias", { alias: options.alias });
  }
  add("m.room.join_rules", { join_rule: preset === "public_chat" ? "public" : "invite" });
  add("m.room.history_visibility", { history_visibility: "shared" });
  if (preset !== "public_chat") add("m.room.guest_access", { guest_access: "can_join" });
  for (const initial of options.initialState ?? []) add(initial.type, initial.content, initial.state_key ?? "");
  if (options.encrypted && !currentState(room, "m.room.encryption", "")) add("m.room.encryption", { algorithm: "m.megolm.v1.aes-sha2" });
  if (options.name !== undefined) add("m.room.name", { name: options.name });
  if (options.topic !== undefined) add("m.room.topic", { topic: options.topic });
  for (const invitee of options.invite ?? []) {
    const content: JsonObject = { membership: "invite", ...displayNameContent(state, invitee) };
    if (options.isDirect) content.is_direct = true;
    add("m.room.member", content, invitee);
  }
  return room;
}

export function displayNameContent(state: ServerState, userId: string): JsonObject {
  const name = state.users.get(userId)?.displayName;
  return name === undefined ? {} : { displayname: name };
}

export function setMembership(state: ServerState, room: StoredRoom, sender: string, target: string, membership: string, extra: JsonObject = {}): StoredEvent {
  const content: JsonObject = { membership, ...extra };
  if (membership === "join" || membership === "invite") Object.assign(content, displayNameContent(state, target));
  return appendEvent(state, room, { type: "m.room.member", sender, content, state_key: target });
}

/** Stripped state shown to invitees, as the spec lists it. */
export function strippedState(room: StoredRoom, invitee: string): JsonObject[] {
  const types = ["m.room.create", "m.room.name", "m.room.avatar", "m.room.topic", "m.room.join_rules", "m.room.canonical_alias", "m.room.encryption"];
  const events: JsonObject[] = [];
  for (const stored of room.state.values()) {
    const { type, state_key, content, sender } = stored.event;
    if (types.includes(type) || (type === "m.room.member" && state_key === invitee)) events.push({ type, state_key, content, sender });
  }
  return events;
}
