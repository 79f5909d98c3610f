/**
 * Chromium only: messages sent from our content script's own isolated world (through CDP), as a
 * hostile page cannot but a compromised content script could — the background must still refuse.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { BadgeSuite } from "./badges.cases.ts";
import type { ChromiumExtension } from "./harness/chromium.ts";
import { roomByName, SECRET_ROOM, showRoom, pageMembers } from "./badges.setup.ts";

export function contentScriptRefusals(suite: () => BadgeSuite): void {
  test("a content script asking for another room, for more than badges, or for session data is refused", async () => {
    const { pages, report } = suite();
    const extension = suite().extension as ChromiumExtension;
    const ops = roomByName(report, "Ops");
    const page = await showRoom(extension, pages.origin, "current", ops.roomId, { [ops.roomId]: pageMembers(ops) });
    try {
      const ask = (message: unknown) => extension.sendFromContentScript(page, message) as Promise<{ ok: boolean; error?: { code: string } }>;
      const own = await ask({ type: "content.badges", payload: { room: ops.roomId, userIds: ["@dave:localhost"] } });
      assert.equal(own.ok, true, `the content script's own room is answered: ${JSON.stringify(own)}`);
      for (const [what, message, code] of [
        ["a room the account is not in", { type: "content.badges", payload: { room: SECRET_ROOM, userIds: ["@bob:localhost"] } }, "forbidden"],
        ["an alias of no room of the account", { type: "content.badges", payload: { room: "#nowhere:localhost", userIds: ["@bob:localhost"] } }, "forbidden"],
        ["a badge request with an extra field", { type: "content.badges", payload: { room: ops.roomId, userIds: [], accessToken: true } }, "bad-request"],
        ["the session's status", { type: "session.status", payload: {} }, "forbidden"],
        ["the whole audit report", { type: "audit.report", payload: {} }, "forbidden"],
        ["signing out", { type: "session.signOut", payload: {} }, "forbidden"],
      ] as const) {
        const answer = await ask(message);
        assert.equal(answer.ok, false, `${what} must be refused: ${JSON.stringify(answer)}`);
        assert.equal(answer.error?.code, code, `${what}: ${JSON.stringify(answer)}`);
      }
      // Members of another room asked about in this room: no verdict for them.
      const strangers = await ask({ type: "content.badges", payload: { room: ops.roomId, userIds: ["@grace:localhost", "@carol:localhost"] } });
      assert.deepEqual((strangers as unknown as { value: { members: unknown[] } }).value.members, [], "non-members of the room get no verdict");
    } finally {
      await page.close();
    }
  });
}
