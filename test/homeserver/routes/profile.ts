// Profiles, push rules (an empty set) and key backup (none).
import { MatrixError, badJson, notFound } from "../errors.ts";
import type { Route } from "../context.ts";
import type { JsonObject } from "../state.ts";
import { V3, sameUser } from "./shared.ts";

const EMPTY_PUSH_RULES = { global: { override: [], content: [], room: [], sender: [], underride: [] } };

export const profileRoutes: Route[] = [
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
