import { test } from "node:test";
import assert from "node:assert/strict";
import { senderRole } from "../../../src/background/sender.ts";

const self = { id: "our-id", pageOrigin: "chrome-extension://our-id/" };
const tab = { id: 7 };

test("our own pages are extension pages, in the popup or in a tab", () => {
  assert.equal(senderRole({ id: "our-id", url: "chrome-extension://our-id/popup.html" }, self), "extension-page");
  assert.equal(senderRole({ id: "our-id", url: "chrome-extension://our-id/popup.html", tab }, self), "extension-page");
});

test("our content script on a web page is a content script", () => {
  assert.equal(senderRole({ id: "our-id", url: "https://app.element.io/#/room/!a:b", tab }, self), "content-script");
  assert.equal(senderRole({ id: "our-id", url: "http://127.0.0.1:8080/", tab }, self), "content-script");
});

test("anything else is nobody we answer", () => {
  const refused = [
    { id: "other-id", url: "chrome-extension://other-id/popup.html" }, // another extension
    { id: "other-id", url: "https://app.element.io/", tab }, // another extension's content script
    { url: "https://app.element.io/", tab }, // no extension id
    { id: "our-id", url: "https://app.element.io/" }, // web URL but no tab
    { id: "our-id", tab }, // no URL
    { id: "our-id", url: "chrome-extension://our-id.evil/popup.html", tab }, // origin prefix trick
    { id: "our-id", url: "chrome-extension://other-id/popup.html", tab }, // another extension's page
    { id: "our-id", url: "about:blank", tab }, // a frame without a web origin
    { id: "our-id", url: "file:///etc/passwd", tab },
  ];
  for (const sender of refused) assert.equal(senderRole(sender, self), null, JSON.stringify(sender));
});
