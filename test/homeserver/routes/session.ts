// Discovery, login/logout, whoami, capabilities.
import { randomBytes } from "node:crypto";
import { MatrixError, badJson } from "../errors.ts";
import { identifiedUserId, requireString, type Route } from "../context.ts";
import { newDevice, nextId, recordKeyChange, type ServerState, type StoredDevice, type StoredUser } from "../state.ts";

const V3 = "/_matrix/client/v3";

export function removeDevice(state: ServerState, user: StoredUser, device: StoredDevice): void {
  for (const token of device.accessTokens) state.tokens.delete(token);
  user.devices.delete(device.deviceId);
  // Its keys go with it, and everyone who shares a room must refetch the device list.
  if (device.deviceKeys) recordKeyChange(state, user.userId);
}

export const sessionRoutes: Route[] = [
  {
    method: "GET",
    path: "/_matrix/client/versions",
    auth: false,
    handle: () => ({ body: { versions: ["v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11", "v1.12"], unstable_features: {} } }),
  },
  {
    method: "GET",
    path: "/.well-known/matrix/client",
    auth: false,
    handle: (ctx) => ({ body: { "m.homeserver": { base_url: ctx.baseUrl } } }),
  },
  {
    method: "GET",
    path: `${V3}/login`,
    auth: false,
    handle: () => ({ body: { flows: [{ type: "m.login.password" }] } }),
  },
  {
    method: "POST",
    path: `${V3}/login`,
    auth: false,
    handle: (ctx) => {
      const type = requireString(ctx.body, "type");
      if (type !== "m.login.password") throw new MatrixError(400, "M_UNKNOWN", `Login type ${type} is not supported`);
      const password = requireString(ctx.body, "password");
      const userId = identifiedUserId(ctx.state, ctx.body);
      if (!userId) throw badJson("identifier must be an m.id.user identifier");
      const user = ctx.state.users.get(userId);
      if (!user || user.password !== password) throw new MatrixError(403, "M_FORBIDDEN", "Invalid username or password");
      const requestedId = ctx.body.device_id;
      if (requestedId !== undefined && typeof requestedId !== "string") throw badJson("device_id must be a string");
      const deviceId = requestedId ?? nextId(ctx.state, "DEV").toUpperCase();
      let device = user.devices.get(deviceId);
      if (!device) {
        const name = ctx.body.initial_device_display_name;
        device = newDevice(deviceId, typeof name === "string" ? name : undefined);
        user.devices.set(deviceId, device);
      }
      const token = `syt_${randomBytes(18).toString("base64url")}`;
      device.accessTokens.add(token);
      ctx.state.tokens.set(token, { userId, deviceId });
      return { body: { user_id: userId, access_token: token, device_id: deviceId, home_server: ctx.state.serverName, well_known: { "m.homeserver": { base_url: ctx.baseUrl } } } };
    },
  },
  {
    method: "POST",
    path: `${V3}/logout`,
    auth: true,
    handle: (ctx) => {
      removeDevice(ctx.state, ctx.user, ctx.device);
      return { body: {} };
    },
  },
  {
    method: "POST",
    path: `${V3}/logout/all`,
    auth: true,
    handle: (ctx) => {
      for (const device of [...ctx.user.devices.values()]) removeDevice(ctx.state, ctx.user, device);
      return { body: {} };
    },
  },
  {
    method: "GET",
    path: `${V3}/account/whoami`,
    auth: true,
    handle: (ctx) => ({ body: { user_id: ctx.user.userId, device_id: ctx.device.deviceId, is_guest: false } }),
  },
  {
    method: "GET",
    path: `${V3}/capabilities`,
    auth: true,
    handle: () => ({
      body: {
        capabilities: {
          "m.change_password": { enabled: false },
          "m.room_versions": { default: "10", available: { "10": "stable" } },
          "m.set_displayname": { enabled: true },
          "m.set_avatar_url": { enabled: false },
          "m.3pid_changes": { enabled: false },
        },
      },
    }),
  },
];
