/**
 * Where the popup is, kept in the URL hash so a screen can be opened directly
 * (popup.html#/room/!id:server/@user:server — the badges link there).
 */
export type Route =
  | { name: "overview" }
  /** The overview with one problem's entry in view and focused (a desktop alert opens this). */
  | { name: "problem"; problemId: string }
  | { name: "room"; roomId: string; userId?: string }
  | { name: "history"; room?: string; user?: string }
  /** `section: "export"` scrolls to the export (the overview's storage warning links there). */
  | { name: "settings"; section?: "export" }
  | { name: "verify-device"; userId: string; deviceId: string }
  /** One of this account's own devices: verify it by emoji or by comparing its key (never in one click). */
  | { name: "own-device"; deviceId: string }
  | { name: "flow"; flowId: string }
  /** This account's digital identity: verify this session, set up, reset (issue 6). */
  | { name: "identity" }
  /** Resolve a person's identity change (issue 6). */
  | { name: "identity-change"; userId: string };

import { problemHash } from "../core/alerts.ts";

const enc = encodeURIComponent;

function dec(part: string | undefined): string | undefined {
  if (part === undefined || part === "") return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export function formatRoute(route: Route): string {
  switch (route.name) {
    case "overview":
      return "#/";
    case "problem":
      return problemHash(route.problemId);
    case "room":
      return `#/room/${enc(route.roomId)}${route.userId ? `/${enc(route.userId)}` : ""}`;
    case "history": {
      const query = new URLSearchParams();
      if (route.room) query.set("room", route.room);
      if (route.user) query.set("user", route.user);
      const text = query.toString();
      return `#/history${text ? `?${text}` : ""}`;
    }
    case "settings":
      return route.section ? `#/settings/${route.section}` : "#/settings";
    case "verify-device":
      return `#/verify/${enc(route.userId)}/${enc(route.deviceId)}`;
    case "own-device":
      return `#/own-device/${enc(route.deviceId)}`;
    case "flow":
      return `#/flow/${enc(route.flowId)}`;
    case "identity":
      return "#/identity";
    case "identity-change":
      return `#/identity-change/${enc(route.userId)}`;
  }
}

/** Anything unrecognised is the overview: a bad link never leaves the popup blank. */
export function parseRoute(hash: string): Route {
  const [path = "", queryText = ""] = hash.replace(/^#/, "").split("?", 2);
  const parts = path.split("/").filter(Boolean);
  const query = new URLSearchParams(queryText);
  switch (parts[0]) {
    case "problem": {
      const problemId = dec(parts[1]);
      if (problemId) return { name: "problem", problemId };
      break;
    }
    case "room": {
      const roomId = dec(parts[1]);
      if (!roomId) break;
      const userId = dec(parts[2]);
      return userId ? { name: "room", roomId, userId } : { name: "room", roomId };
    }
    case "history": {
      const route: Route = { name: "history" };
      const room = query.get("room");
      const user = query.get("user");
      if (room) route.room = room;
      if (user) route.user = user;
      return route;
    }
    case "settings":
      return parts[1] === "export" ? { name: "settings", section: "export" } : { name: "settings" };
    case "identity":
      return { name: "identity" };
    case "identity-change": {
      const userId = dec(parts[1]);
      if (userId) return { name: "identity-change", userId };
      break;
    }
    case "own-device": {
      const deviceId = dec(parts[1]);
      if (deviceId) return { name: "own-device", deviceId };
      break;
    }
    case "flow": {
      const flowId = dec(parts[1]);
      if (flowId) return { name: "flow", flowId };
      break;
    }
    case "verify": {
      const userId = dec(parts[1]);
      const deviceId = dec(parts[2]);
      if (userId && deviceId) return { name: "verify-device", userId, deviceId };
      break;
    }
  }
  return { name: "overview" };
}
