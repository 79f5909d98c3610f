// /sendToDevice: queue each message for the addressed devices (or all of a user's with "*").
import { badJson } from "../errors.ts";
import type { Route } from "../context.ts";
import { nextPos, type JsonObject } from "../state.ts";
import { V3, remembered } from "./shared.ts";

export const toDeviceRoutes: Route[] = [
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
];
