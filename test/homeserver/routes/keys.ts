// End-to-end encryption key endpoints.
import { badJson } from "../errors.ts";
import { requireUserInteractiveAuth, type Route } from "../context.ts";
import { crossSigningUploadNeedsAuth, uploadCrossSigningKeys } from "../keys/cross-signing.ts";
import { claimKeys, uploadKeys } from "../keys/device-keys.ts";
import { queryKeys } from "../keys/query.ts";
import { uploadSignatures } from "../keys/signatures.ts";
import { usersSharingRoomWith } from "../rooms.ts";
import { parseToken } from "./tokens.ts";
import type { JsonObject, ServerState } from "../state.ts";

const V3 = "/_matrix/client/v3";

const hostileKeys = (state: ServerState, requester: string, body: JsonObject) => state.hostile?.keysQuery(body, requester) ?? body;

export const keyRoutes: Route[] = [
  { method: "POST", path: `${V3}/keys/upload`, auth: true, handle: (ctx) => ({ body: uploadKeys(ctx.state, ctx.user, ctx.device, ctx.body) }) },
  { method: "POST", path: `${V3}/keys/query`, auth: true, handle: (ctx) => ({ body: hostileKeys(ctx.state, ctx.user.userId, queryKeys(ctx.state, ctx.user.userId, ctx.body)) }) },
  { method: "POST", path: `${V3}/keys/claim`, auth: true, handle: (ctx) => ({ body: claimKeys(ctx.state, ctx.body) }) },
  {
    method: "GET",
    path: `${V3}/keys/changes`,
    auth: true,
    handle: (ctx) => {
      const from = parseToken(ctx.query.get("from"), "from");
      const to = parseToken(ctx.query.get("to"), "to");
      const sharing = usersSharingRoomWith(ctx.state, ctx.user.userId);
      const inRange = (pos: number) => pos > from && pos <= to;
      const changed = new Set<string>();
      for (const change of ctx.state.keyChanges) {
        if (inRange(change.pos) && sharing.has(change.userId) && (change.audience === undefined || change.audience === ctx.user.userId)) changed.add(change.userId);
      }
      const left = new Set<string>();
      for (const change of ctx.state.leftChanges) if (inRange(change.pos) && change.viewer === ctx.user.userId && !sharing.has(change.userId)) left.add(change.userId);
      return { body: { changed: [...changed], left: [...left] } };
    },
  },
  {
    method: "POST",
    path: `${V3}/keys/device_signing/upload`,
    auth: true,
    handle: (ctx) => {
      // Setting up cross-signing the first time is free; changing it needs the password again.
      if (crossSigningUploadNeedsAuth(ctx.user, ctx.body)) requireUserInteractiveAuth(ctx);
      uploadCrossSigningKeys(ctx.state, ctx.user, ctx.body);
      return { body: {} };
    },
  },
  {
    method: "POST",
    path: `${V3}/keys/signatures/upload`,
    auth: true,
    handle: (ctx) => {
      if (Object.keys(ctx.body).length === 0) throw badJson("Nothing to sign");
      return { body: uploadSignatures(ctx.state, ctx.user, ctx.body) };
    },
  },
];
