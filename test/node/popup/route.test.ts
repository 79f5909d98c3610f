import { test } from "node:test";
import assert from "node:assert/strict";
import { formatRoute, parseRoute, type Route } from "../../../src/popup/route.ts";

test("every route survives a round trip through the hash, including awkward IDs", () => {
  const routes: Route[] = [
    { name: "overview" },
    { name: "room", roomId: "!abc/def?:example.org" },
    { name: "room", roomId: "!r:x", userId: "@bob#1:x" },
    { name: "history" },
    { name: "history", room: "!r:x", user: "@a&b=c:x" },
    { name: "settings" },
    { name: "verify-device", userId: "@bob:x", deviceId: "DEV/1" },
    { name: "flow", flowId: "flow-1" },
    { name: "own-device", deviceId: "MAC/BOOK 1" },
  ];
  for (const route of routes) assert.deepEqual(parseRoute(formatRoute(route)), route);
});

test("unknown or broken hashes open the overview", () => {
  for (const hash of ["", "#", "#/nowhere", "#/room/", "#/room/%E0%A4%A", "#/verify/@a:x", "#/own-device/", "javascript:alert(1)"])
    assert.deepEqual(parseRoute(hash), { name: "overview" }, hash);
});
