// To-device messages, devices, account data, profile, filters, push rules, key backup (absent).
import { MatrixError, badJson, forbidden, notFound } from "../errors.ts";
import { requireUserInteractiveAuth, type AuthedContext, type Route } from "../context.ts";
import { getRoom, membershipOf } from "../rooms.ts";
import { nextId, nextPos, type JsonObject, type StoredUser } from "../state.ts";
import { removeDevice } from "./session.ts";

const V3 = "/_matrix/client/v3";

function sameUser(ctx: AuthedContext): void {
  if (ctx.params.userId !== ctx.user.userId) throw forbidden("You may only act on your own account");
}

function remembered(ctx: AuthedContext, kind: string, run: () => JsonObject): JsonObject {
  const key = `${ctx.user.userId}|${ctx.device.deviceId}|${kind}|${ctx.params.txnId}`;
  const previous = ctx.state.transactions.get(key);
  if (previous) return previous;
  const result = run();
  ctx.state.transactions.set(key, result);
  return result;
}

function deviceInfo(user: StoredUser, deviceId: string): JsonObject {
  const device = user.devices.get(deviceId);
  if (!device) throw notFound("No such device");
  const info: JsonObject = { device_id: deviceId };
  if (device.displayName !== undefined) info.display_name = device.displayName;
  if (device.lastSeenTs !== undefined) {
    info.last_seen_ts = device.lastSeenTs;
    info.last_seen_ip = "127.0.0.1";
  }
  return info;
}

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

const EMPTY_PUSH_RULES = { global: { override: [], content: [], room: [], sender: [], underride: [] } };

export const accountRoutes: Route[] = [
  {
    method: "PUT",
    path: `${V3}/sendToDevice/{eventType}/{txnId}`,
    auth: true,
    handle: (ctx) => ({
      body: remembered(ctx, "sendToDevice", () => {
        const messages = ctx.body.messages;
        if (typeof messages !== "object" || messages === null) throw badJson("messages must be an object");
        for (const [userId, byDevice] of Object.entries(messages as JsonObject)) {
          const user = ctx.state.users.get(userId);
          if (!user || typeof byDevice !== "object" || byDevice === null) continue;
          for (const [deviceId, content] of Object.entries(byDevice as JsonObject)) {
            const targets = deviceId === "*" ? [...user.devices.values()] : [user.devices.get(deviceId)].filter((d) => d !== undefined);
            for (const device of targets) {
              device.toDevice.push({ pos: nextPos(ctx.state), event: { type: ctx.params.eventType, sender: ctx.user.userId, content } });
            }
          }
        }
        return {};
      }),
    }),
  },
  {
    method: "GET",
    path: `${V3}/devices`,
    auth: true,
    handle: (ctx) => ({ body: { devices: [...ctx.user.devices.keys()].map((id) => deviceInfo(ctx.user, id)) } }),
  },
  { method: "GET", path: `${V3}/devices/{deviceId}`, auth: true, handle: (ctx) => ({ body: deviceInfo(ctx.user, ctx.params.deviceId!) }) },
  {
    method: "PUT",
    path: `${V3}/devices/{deviceId}`,
    auth: true,
    handle: (ctx) => {
      const device = ctx.user.devices.get(ctx.params.deviceId!);
      if (!device) throw notFound("No such device");
      if (ctx.body.display_name !== undefined) {
        if (typeof ctx.body.display_name !== "string") throw badJson("display_name must be a string");
        device.displayName = ctx.body.display_name;
      }
      return { body: {} };
    },
  },
  {
    method: "DELETE",
    path: `${V3}/devices/{deviceId}`,
    auth: true,
    handle: (ctx) => {
      const device = ctx.user.devices.get(ctx.params.deviceId!);
      if (!device) throw notFound("No such device");
      requireUserInteractiveAuth(ctx);
      removeDevice(ctx.state, ctx.user, device);
      return { body: {} };
    },
  },
  {
    method: "POST",
    path: `${V3}/delete_devices`,
    auth: true,
    handle: (ctx) => {
      const ids = ctx.body.devices;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) throw badJson("devices must be a list of device IDs");
      requireUserInteractiveAuth(ctx);
      for (const id of ids) {
        const device = ctx.user.devices.get(id);
        if (device) removeDevice(ctx.state, ctx.user, device);
      }
      return { body: {} };
    },
  },
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
  {
    method: "GET",
    path: `${V3}/profile/{userId}`,
    auth: false,
    handle: (ctx) => {
      const user = ctx.state.users.get(ctx.params.userId!);
      if (!user) throw notFound("Profile not found");
      const body: JsonObject = {};
      if (user.displayName !== undefined) body.displayname = user.displayName;
      if (user.avatarUrl !== undefined) body.avatar_url = user.avatarUrl;
      return { body };
    },
  },
  {
    method: "GET",
    path: `${V3}/profile/{userId}/{field}`,
    auth: false,
    handle: (ctx) => {
      const user = ctx.state.users.get(ctx.params.userId!);
      if (!user) throw notFound("Profile not found");
      const value = ctx.params.field === "displayname" ? user.displayName : ctx.params.field === "avatar_url" ? user.avatarUrl : undefined;
      if (value === undefined) throw notFound(`No ${ctx.params.field}`);
      return { body: { [ctx.params.field!]: value } };
    },
  },
  {
    method: "PUT",
    path: `${V3}/profile/{userId}/displayname`,
    auth: true,
    handle: (ctx) => {
      sameUser(ctx);
      if (typeof ctx.body.displayname !== "string") throw badJson("displayname must be a string");
      ctx.user.displayName = ctx.body.displayname;
      return { body: {} };
    },
  },
  { method: "GET", path: `${V3}/pushrules`, auth: true, handle: () => ({ body: EMPTY_PUSH_RULES }) },
  {
    method: "GET",
    path: `${V3}/room_keys/version`,
    auth: true,
    handle: () => {
      throw new MatrixError(404, "M_NOT_FOUND", "No current backup version");
    },
  },
];
