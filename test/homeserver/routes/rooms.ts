// Rooms: create, send, state, members, join/invite/leave, aliases, history.
import { MatrixError, badJson, forbidden, notFound } from "../errors.ts";
import { requireString, type AuthedContext, type Route } from "../context.ts";
import { appendEvent, createRoom, currentState, getRoom, membersWith, membershipOf, requireJoined, roomsWithMembership, setMembership, type NewEvent } from "../rooms.ts";
import { clientEvent } from "../sync.ts";
import type { JsonObject, StoredEvent, StoredRoom } from "../state.ts";
import { parseToken } from "./tokens.ts";

const V3 = "/_matrix/client/v3";

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw badJson(`${field} must be a list of strings`);
  return value;
}

function initialState(value: unknown): NewEvent[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badJson("initial_state must be a list");
  return value.map((entry, i) => {
    if (typeof entry !== "object" || entry === null || typeof entry.type !== "string" || typeof entry.content !== "object") throw badJson(`initial_state[${i}] needs type and content`);
    // createRoom sends these as the creator; the sender here is a placeholder.
    return { type: entry.type, content: entry.content, state_key: typeof entry.state_key === "string" ? entry.state_key : "", sender: "" };
  });
}

function resolveRoom(ctx: AuthedContext, idOrAlias: string): StoredRoom {
  const roomId = idOrAlias.startsWith("#") ? ctx.state.aliases.get(idOrAlias) : idOrAlias;
  if (!roomId) throw notFound(`No room with alias ${idOrAlias}`);
  return getRoom(ctx.state, roomId);
}

function join(ctx: AuthedContext, room: StoredRoom): { body: JsonObject } {
  const membership = membershipOf(room, ctx.user.userId);
  const joinRule = currentState(room, "m.room.join_rules", "")?.event.content.join_rule;
  if (membership !== "join" && membership !== "invite" && joinRule !== "public") throw forbidden("You are not invited to this room");
  if (membership !== "join") setMembership(ctx.state, room, ctx.user.userId, ctx.user.userId, "join");
  return { body: { room_id: room.roomId } };
}

function visibleRoom(ctx: AuthedContext): StoredRoom {
  const room = getRoom(ctx.state, ctx.params.roomId!);
  if (membershipOf(room, ctx.user.userId) === undefined) throw forbidden("You are not in this room");
  return room;
}

function sendEvent(ctx: AuthedContext, input: NewEvent): { body: JsonObject } {
  const room = getRoom(ctx.state, ctx.params.roomId!);
  requireJoined(room, ctx.user.userId);
  const key = `${ctx.user.userId}|${ctx.device.deviceId}|send|${ctx.params.txnId}`;
  const previous = ctx.params.txnId ? ctx.state.transactions.get(key) : undefined;
  if (previous) return { body: previous };
  const txn = ctx.params.txnId ? { deviceId: ctx.device.deviceId, txnId: ctx.params.txnId } : undefined;
  const stored = appendEvent(ctx.state, room, input, txn);
  const body = { event_id: stored.event.event_id };
  if (ctx.params.txnId) ctx.state.transactions.set(key, body);
  return { body };
}

export const roomRoutes: Route[] = [
  {
    method: "POST",
    path: `${V3}/createRoom`,
    auth: true,
    handle: (ctx) => {
      const preset = ctx.body.preset;
      if (preset !== undefined && preset !== "private_chat" && preset !== "public_chat" && preset !== "trusted_private_chat") throw badJson("Unknown preset");
      const aliasName = ctx.body.room_alias_name;
      const alias = typeof aliasName === "string" ? `#${aliasName}:${ctx.state.serverName}` : undefined;
      if (alias && ctx.state.aliases.has(alias)) throw new MatrixError(400, "M_ROOM_IN_USE", `${alias} is taken`);
      const options: Parameters<typeof createRoom>[1] = {
        creator: ctx.user.userId,
        invite: stringList(ctx.body.invite, "invite"),
        initialState: initialState(ctx.body.initial_state),
        isDirect: ctx.body.is_direct === true,
      };
      if (preset) options.preset = preset;
      if (typeof ctx.body.name === "string") options.name = ctx.body.name;
      if (typeof ctx.body.topic === "string") options.topic = ctx.body.topic;
      if (alias) options.alias = alias;
      const room = createRoom(ctx.state, options);
      return { body: { room_id: room.roomId } };
    },
  },
  {
    method: "PUT",
    path: `${V3}/rooms/{roomId}/send/{eventType}/{txnId}`,
    auth: true,
    handle: (ctx) => sendEvent(ctx, { type: ctx.params.eventType!, sender: ctx.user.userId, content: ctx.body }),
  },
  {
    method: "PUT",
    path: `${V3}/rooms/{roomId}/state/{eventType}`,
    specPath: `${V3}/rooms/{roomId}/state/{eventType}/{stateKey}`,
    auth: true,
    handle: (ctx) => sendEvent(ctx, { type: ctx.params.eventType!, sender: ctx.user.userId, content: ctx.body, state_key: "" }),
  },
  {
    method: "PUT",
    path: `${V3}/rooms/{roomId}/state/{eventType}/{stateKey}`,
    auth: true,
    handle: (ctx) => sendEvent(ctx, { type: ctx.params.eventType!, sender: ctx.user.userId, content: ctx.body, state_key: ctx.params.stateKey! }),
  },
  {
    method: "GET",
    path: `${V3}/rooms/{roomId}/state`,
    auth: true,
    handle: (ctx) => {
      const room = visibleRoom(ctx);
      return { body: [...room.state.values()].map((stored) => clientEvent(stored, ctx.device, Date.now(), true)) };
    },
  },
  {
    method: "GET",
    path: `${V3}/rooms/{roomId}/state/{eventType}`,
    specPath: `${V3}/rooms/{roomId}/state/{eventType}/{stateKey}`,
    auth: true,
    handle: (ctx) => {
      const stored = currentState(visibleRoom(ctx), ctx.params.eventType!, "");
      if (!stored) throw notFound("Event not found");
      return { body: stored.event.content };
    },
  },
  {
    method: "GET",
    path: `${V3}/rooms/{roomId}/state/{eventType}/{stateKey}`,
    auth: true,
    handle: (ctx) => {
      const stored = currentState(visibleRoom(ctx), ctx.params.eventType!, ctx.params.stateKey!);
      if (!stored) throw notFound("Event not found");
      return { body: stored.event.content };
    },
  },
  {
    method: "GET",
    path: `${V3}/rooms/{roomId}/members`,
    auth: true,
    handle: (ctx) => {
      const room = visibleRoom(ctx);
      const only = ctx.query.get("membership");
      const not = ctx.query.get("not_membership");
      const atRaw = ctx.query.get("at");
      // `at`: the membership as of a point of the stream (a sync's prev_batch or next_batch).
      const at = atRaw === null ? undefined : parseToken(atRaw, "at");
      const members = at === undefined ? [...room.state.values()] : membershipAt(room, at);
      const chunk = members
        .filter((stored) => stored.event.type === "m.room.member")
        .filter((stored) => (only === null || stored.event.content.membership === only) && (not === null || stored.event.content.membership !== not))
        .map((stored) => clientEvent(stored, ctx.device, Date.now(), true));
      return { body: { chunk } };
    },
  },
  {
    method: "GET",
    path: `${V3}/rooms/{roomId}/joined_members`,
    auth: true,
    handle: (ctx) => {
      const room = getRoom(ctx.state, ctx.params.roomId!);
      requireJoined(room, ctx.user.userId);
      const joined: JsonObject = {};
      for (const userId of membersWith(room, "join")) {
        const content = currentState(room, "m.room.member", userId)!.event.content;
        const entry: JsonObject = {};
        if (typeof content.displayname === "string") entry.display_name = content.displayname;
        if (typeof content.avatar_url === "string") entry.avatar_url = content.avatar_url;
        joined[userId] = entry;
      }
      return { body: { joined } };
    },
  },
  {
    method: "GET",
    path: `${V3}/rooms/{roomId}/messages`,
    auth: true,
    handle: (ctx) => {
      const room = visibleRoom(ctx);
      const dir = ctx.query.get("dir") === "f" ? "f" : "b";
      const limit = Math.max(1, Math.min(Number(ctx.query.get("limit") ?? 10) || 10, 1000));
      const fromRaw = ctx.query.get("from");
      const from = fromRaw && /^s\d+$/.test(fromRaw) ? Number(fromRaw.slice(1)) : dir === "b" ? ctx.state.pos : 0;
      const events = dir === "b" ? room.events.filter((e) => e.pos <= from).reverse().slice(0, limit) : room.events.filter((e) => e.pos > from).slice(0, limit);
      const body: JsonObject = { start: `s${from}`, chunk: events.map((stored) => clientEvent(stored, ctx.device, Date.now(), true)) };
      const last = events[events.length - 1];
      if (last && events.length === limit) body.end = `s${dir === "b" ? last.pos - 1 : last.pos}`;
      return { body };
    },
  },
  {
    method: "GET",
    path: `${V3}/rooms/{roomId}/event/{eventId}`,
    auth: true,
    handle: (ctx) => {
      const room = visibleRoom(ctx);
      const stored = room.events.find((e) => e.event.event_id === ctx.params.eventId);
      if (!stored) throw notFound("Event not found");
      return { body: clientEvent(stored, ctx.device, Date.now(), true) };
    },
  },
  {
    method: "GET",
    path: `${V3}/joined_rooms`,
    auth: true,
    handle: (ctx) => ({ body: { joined_rooms: roomsWithMembership(ctx.state, ctx.user.userId, "join").map((room) => room.roomId) } }),
  },
  { method: "POST", path: `${V3}/join/{roomIdOrAlias}`, auth: true, handle: (ctx) => join(ctx, resolveRoom(ctx, ctx.params.roomIdOrAlias!)) },
  { method: "POST", path: `${V3}/rooms/{roomId}/join`, auth: true, handle: (ctx) => join(ctx, getRoom(ctx.state, ctx.params.roomId!)) },
  {
    method: "POST",
    path: `${V3}/rooms/{roomId}/invite`,
    auth: true,
    handle: (ctx) => {
      const room = getRoom(ctx.state, ctx.params.roomId!);
      requireJoined(room, ctx.user.userId);
      const target = requireString(ctx.body, "user_id");
      if (!ctx.state.users.has(target)) throw notFound(`Unknown user ${target}`);
      const membership = membershipOf(room, target);
      if (membership === "join" || membership === "ban") throw forbidden(`${target} is already ${membership === "join" ? "in the room" : "banned"}`);
      setMembership(ctx.state, room, ctx.user.userId, target, "invite", typeof ctx.body.reason === "string" ? { reason: ctx.body.reason } : {});
      return { body: {} };
    },
  },
  {
    method: "POST",
    path: `${V3}/rooms/{roomId}/leave`,
    auth: true,
    handle: (ctx) => {
      const room = getRoom(ctx.state, ctx.params.roomId!);
      const membership = membershipOf(room, ctx.user.userId);
      if (membership !== "join" && membership !== "invite") throw forbidden("You are not in this room");
      setMembership(ctx.state, room, ctx.user.userId, ctx.user.userId, "leave");
      return { body: {} };
    },
  },
  {
    method: "GET",
    path: `${V3}/directory/room/{roomAlias}`,
    auth: false,
    handle: (ctx) => {
      const roomId = ctx.state.aliases.get(ctx.params.roomAlias!);
      if (!roomId) throw notFound(`Room alias ${ctx.params.roomAlias} not found`);
      return { body: { room_id: roomId, servers: [ctx.state.serverName] } };
    },
  },
  // Receipts, read markers and typing notices are accepted and not relayed (the auditor never reads them).
  { method: "POST", path: `${V3}/rooms/{roomId}/receipt/{receiptType}/{eventId}`, auth: true, handle: () => ({ body: {} }) },
  { method: "POST", path: `${V3}/rooms/{roomId}/read_markers`, auth: true, handle: () => ({ body: {} }) },
  { method: "PUT", path: `${V3}/rooms/{roomId}/typing/{userId}`, auth: true, handle: () => ({ body: {} }) },
];

/** Each user's membership event at stream position `at` (the latest at or before it). */
function membershipAt(room: StoredRoom, at: number): StoredEvent[] {
  const latest = new Map<string, StoredEvent>();
  for (const stored of room.events) {
    if (stored.pos > at) break;
    if (stored.event.type === "m.room.member" && stored.event.state_key !== undefined) latest.set(stored.event.state_key, stored);
  }
  return [...latest.values()];
}
