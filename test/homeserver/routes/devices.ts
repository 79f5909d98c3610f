// /devices and /delete_devices: list, rename, and delete (behind UIA, taking the keys along).
import { badJson, notFound } from "../errors.ts";
import { requireUserInteractiveAuth, type Route } from "../context.ts";
import type { JsonObject, StoredUser } from "../state.ts";
import { removeDevice } from "./session.ts";
import { V3 } from "./shared.ts";

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


export const deviceRoutes: Route[] = [
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
];
