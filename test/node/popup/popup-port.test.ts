import { test } from "node:test";
import assert from "node:assert/strict";
import type { Runtime } from "webextension-polyfill";
import { PopupPorts } from "../../../src/background/popup-port.ts";
import type { PopupPush } from "../../../src/protocol/messages.ts";

const self = { id: "ext", pageOrigin: "chrome-extension://ext/" };

function fakePort(name: string, sender: Runtime.MessageSender) {
  const posted: unknown[] = [];
  const onDisconnect: (() => void)[] = [];
  let disconnected = false;
  const port = {
    name,
    sender,
    postMessage: (message: unknown) => {
      if (disconnected) throw new Error("Attempting to use a disconnected port object");
      posted.push(message);
    },
    disconnect: () => {
      disconnected = true;
    },
    onDisconnect: { addListener: (fn: () => void) => onDisconnect.push(fn) },
  } as unknown as Runtime.Port;
  return { port, posted, close: () => onDisconnect.forEach((fn) => fn()), get disconnected() { return disconnected; } };
}

const push: PopupPush = { type: "audit.progress", progress: { roomsDone: 1, roomsTotal: 2 } };

test("pushes reach every open popup of ours, and stop when it closes", () => {
  const ports = new PopupPorts(self);
  const a = fakePort("popup", { id: "ext", url: "chrome-extension://ext/popup.html" });
  const b = fakePort("popup", { id: "ext", url: "chrome-extension://ext/popup.html#/settings", tab: { id: 3 } as never });
  ports.accept(a.port);
  ports.accept(b.port);
  ports.post(push);
  assert.deepEqual(a.posted, [push]);
  assert.deepEqual(b.posted, [push]);
  a.close();
  ports.post(push);
  assert.equal(a.posted.length, 1);
  assert.equal(b.posted.length, 2);
  assert.equal(ports.open, 1);
});

test("a content script or another extension cannot open the popup channel", () => {
  const ports = new PopupPorts(self);
  const content = fakePort("popup", { id: "ext", url: "https://app.element.io/#/room/!r:x", tab: { id: 1 } as never });
  const stranger = fakePort("popup", { id: "other", url: "chrome-extension://other/popup.html" });
  ports.accept(content.port);
  ports.accept(stranger.port);
  ports.post(push);
  assert.equal(content.posted.length + stranger.posted.length, 0);
  assert.ok(content.disconnected && stranger.disconnected);
  assert.equal(ports.open, 0);
});

test("ports with other names are left to their owners", () => {
  const ports = new PopupPorts(self);
  const other = fakePort("badges", { id: "ext", url: "chrome-extension://ext/popup.html" });
  ports.accept(other.port);
  assert.equal(other.disconnected, false);
  assert.equal(ports.open, 0);
});
