// Account data (global and per room) and filters: per-user storage the client reads back.
import { forbidden, notFound } from "../errors.ts";
import type { AuthedContext, Route } from "../context.ts";
import { getRoom, membershipOf } from "../rooms.ts";
import { nextId, nextPos, type JsonObject } from "../state.ts";
import { V3, sameUser } from "./shared.ts";

function setAccountData(ctx: AuthedContext, target: Map<string, { pos: number; content: JsonObject }>): JsonObject {
  target.set(ctx.params.type!, { pos: nextPos(ctx.state), content: ctx.body });
  return {};
}

function readAccountData(target: Map<string, { pos: number; content: JsonObject }> | undefined, type: string): JsonObject {
  const entry = target?.get(type);
  if (!entry) throw notFound("Account data not found");
  return entry.content;
}

function roomAccountData(ctx: AuthedContext): Map<string, { pos: number; content: JsonObject }> {
  const room = getRoom(ctx.state, ctx.params.roomId!);
  if (membershipOf(room, ctx.user.userId) === undefined) throw forbidden("Not a member of this room");
  let map = ctx.user.roomAccountData.get(room.roomId);
  if (!map) ctx.user.roomAccountData.set(room.roomId, (map = new Map()));
  return map;
}

export const accountDataRoutes: Route[] = [
  {
    method: "GET",
    path: `${V3}/user/{userId}/account_data/{type}`,
    auth: true,
    handle: (ctx) => {
      sameUser(ctx);
      return { body: readAccountData(ctx.user.accountData, ctx.params.type!) };
    },
  },
  {
    method: "PUT",
    path: `${V3}/user/{userId}/account_data/{type}`,
    auth: true,
    handle: (ctx) => {
      sameUser(ctx);
      return { body: setAccountData(ctx, ctx.user.accountData) };
    },
  },
  {
    method: "GET",
    path: `${V3}/user/{userId}/rooms/{roomId}/account_data/{type}`,
    auth: true,
    handle: (ctx) => {
      sameUser(ctx);
      return { body: readAccountData(roomAccountData(ctx), ctx.params.type!) };
    },
  },
  {
    method: "PUT",
    path: `${V3}/user/{userId}/rooms/{roomId}/account_data/{type}`,
    auth: true,
    handle: (ctx) => {
      sameUser(ctx);
      return { body: setAccountData(ctx, roomAccountData(ctx)) };
    },
  },
  {
    method: "POST",
    path: `${V3}/user/{userId}/filter`,
    auth: true,
    handle: (ctx) => {
      sameUser(ctx);
      const filterId = nextId(ctx.state, "f");
      ctx.user.filters.set(filterId, ctx.body);
      return { body: { filter_id: filterId } };
    },
  },
  {
    method: "GET",
    path: `${V3}/user/{userId}/filter/{filterId}`,
    auth: true,
    handle: (ctx) => {
      sameUser(ctx);
      const filter = ctx.user.filters.get(ctx.params.filterId!);
      if (!filter) throw notFound("No such filter");
      return { body: filter };
    },
  },
];
